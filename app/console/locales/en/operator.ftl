# The operator's page: the call they are on, opened from the link texted to them.

op-title = Your call
op-hello = Hello { $name }. This page shows the call you are on and the one you just had.
op-no-call = You have not taken a call yet. This page shows it as soon as you accept one.
op-call-live = On the line now
op-call-ended = Your last call (ended)
op-caller = Number
op-started = Started
op-before = Earlier calls and requests of this number
op-before-none = None: this number calls for the first time.
op-earlier-call = call ({ $outcome })
op-form = What a neighbour needs to know (request { $id })
op-form-until = You can fill this in until
op-form-closed = This call ended more than 30 minutes ago: a coordinator completes the request now.
op-form-invalid = Some details are not right; see below.
op-error-invalid = This value is not valid.
op-error-postcode = This is not a Belgian postcode in use.
op-save = Save
notice-op-saved = Saved. Thank you!
op-expired-title = This link has expired
op-expired = For your safety, the link to your page works for a limited time. Go on duty again (call the hotline from your phone and press 1) and you receive a new link by SMS.
