req-title = Requests
req-new-link = New request on someone's behalf
req-export = Export as CSV
req-filters = Filter the requests
req-filter-group = Status
req-filter-need = Need
req-filter-language = Language
req-filter-place = Postcode or municipality
req-filter-age = Age
req-filter-submit = Filter
req-filter-reset = Clear the filters
req-all = All
req-any = Any
req-age-any = Any age
req-age-1h = Older than 1 hour
req-age-24h = Older than 24 hours
req-age-3d = Older than 3 days
req-groups-label = Requests by status
req-group-new = New
req-group-escalated = Escalated
req-group-offered = Offered by SMS
req-group-matched = Matched
req-group-done = Done
req-group-closed = Closed
req-count-requests = { $count ->
    [0] no request
    [one] one request
   *[other] { $count } requests
}
req-show-all = { $count ->
    [one] Show the request
   *[other] Show all { $count } requests
}
req-empty = No request here.
req-number = No. { $id }
req-need-unknown = Need not given
req-place-unknown = Place not given
req-waiting = Waiting
req-for-organisation = for { $organisation }
req-col-request = Request
req-col-need = Need
req-col-place = Place
req-col-person = Person
req-col-language = Language
req-col-created = Entered
req-col-volunteer = Volunteer
req-col-wave = Wave
req-col-distance = Distance
req-col-sent = Sent
req-col-response = Answer
req-col-name = Name
req-col-languages = Languages
req-col-why = Why eligible
req-pager = Pages
req-pager-previous = Previous
req-pager-next = Next
req-pager-position = { $first }–{ $last } of { $total }

req-title-one = Request no. { $id }
req-back = All requests
req-details = Details
req-field-status = Status
req-field-name = Name
req-field-phone = Phone number
req-field-language = Language
req-field-need = Need
req-field-postcode = Postcode
req-field-address = Address
req-field-street = Street
req-field-number = House number
req-field-box = Box
req-field-notes = Notes
req-field-organisation = On behalf of (organisation)
req-field-source = Came in by
req-field-created = Entered
req-field-code = SMS code
req-field-wave = SMS waves sent
req-field-voicemail = Voicemail
req-field-call = Call
req-call-link = Open the call
req-box = box { $box }
req-matched-with = with { $name }
req-source = { $source ->
    [call] Phone call
    [voicemail] Voicemail
    [api] API
    [console] Console
   *[other] { $source }
}
req-by = by { $actor }
req-offers = { $count ->
    [0] No SMS offer yet
    [one] One SMS offer
   *[other] { $count } SMS offers
}
req-km = { $km } km
req-response = { $response ->
    [pending] No answer yet
    [accepted] Yes
    [declined] No
    [too_late] Yes, too late
    [withdrawn] Withdrawn
   *[other] { $response }
}
req-history = History
req-event = { $kind ->
    [created] Entered ({ $source })
    [need_set] Need given: { $need }
    [postcode_set] Postcode given: { $postcode }
    [voicemail] Voicemail left
    [callback_requested] Callback asked
    [callback_unanswered] Callback not answered
    [wave_sent] Wave { $wave }: SMS offer to { $count ->
        [one] one volunteer
       *[other] { $count } volunteers
    }
    [wave_empty] Wave { $wave }: no volunteer within reach
    [escalated] Escalated to a coordinator ({ $reason ->
        [no_volunteer_accepted] nobody said yes
        [no_volunteer_in_range] no volunteer within reach
        [operator_wrapup] the operator asked for it
        [neighbour_did_not_come] the neighbour did not come
       *[other] details missing
    })
    [match_requested] Matching started by hand
    [matched] A volunteer said yes
    [declined] A volunteer said no
    [done] The volunteer reported it done
    [assigned] Assigned by hand
    [closed] Closed
    [reopened] Re-opened
    [details_edited] Details edited ({ $fields ->
        [one] one field
       *[other] { $fields } fields
    })
    [confirmation_call] Confirmation call placed
    [confirmation_delivered] Confirmation call answered
    [confirmation_unanswered] Confirmation call not answered
    [confirmation_failed] Confirmation call could not be placed
    [call_attached] Another call of the same number, attached
    [wrapup] Operator's wrap-up
    [wrapup_note] Operator's spoken note attached
    [awaiting_approval] Waiting for a coordinator's approval
    [approved] Approved by a coordinator
    [masked_call] The neighbour called them through the hotline
    [masked_call_ended] Masked call ended ({ $status })
    [masked_call_refused] A neighbour typed this request's code: refused, not theirs
    [status_call] They called to hear where it stands
    [followup_call] Follow-up call placed
    [followup_came] Follow-up: the neighbour came
    [followup_did_not_come] Follow-up: the neighbour did not come
    [followup_unanswered] Follow-up call not answered
    [followup_failed] Follow-up call could not be placed
    [followup_skipped] No follow-up call: no number to call
   *[other] { $kind }
}

req-candidates = Candidates for the next wave
req-candidates-missing = The need, the language and the postcode are needed to find candidates.
req-candidates-none = No field volunteer within reach does this need in this language.
req-why = { $need } and { $language } match, { $distance } km away (reaches { $radius } km), { $runs } of { $cap } runs this week
req-why-boost = (reach widened by { $boost } km for this wave)
req-offered-before = already offered: { $response }

req-actions = Actions
req-match = Match now
req-match-help = Text the next wave of nearby volunteers now.
req-match-submit = Match now
req-assign = Assign by hand
req-assign-volunteer = Volunteer
req-assign-submit = Assign
req-assign-none = No candidate to assign.
req-close = Close
req-close-reason = Reason
req-close-note = Note
req-close-submit = Close the request
req-close-confirm = Close this request?
req-reason-no_volunteer_found = No volunteer found
req-reason-no_longer_needed = No longer needed
req-reason-unreachable = Unreachable
req-reason-duplicate = Duplicate
req-reopen = Re-open
req-reopen-help = Matching starts over from the first wave.
req-reopen-submit = Re-open the request
req-edit = Edit the details
req-edit-submit = Save the details
req-choose = Choose…
req-optional = (optional)

req-new-title = New request on someone's behalf
req-new-help = The request enters matching at once: nearby volunteers get an SMS offer, as after a call.
req-new-person = The person
req-new-need = What they need, and where
req-new-source = Who asks
req-phone-hint = The person's own number: the volunteer calls it, and the confirmation call goes to it.
req-postcode-hint = Four digits, for example 1030.
req-organisation-hint = Leave empty when the person asked the hotline directly.
req-new-submit = Enter the request

req-form-invalid = Some details need correcting: see the messages beside the fields.
req-error-phone = Enter a phone number we can call, for example 0470 12 34 56.
req-error-name = Enter the person's name (at most 120 characters).
req-error-language = Choose a language.
req-error-need = Choose a need.
req-error-postcode = Enter a postcode of four digits.
req-error-postcode-unknown = This postcode is not in use in Belgium.
req-error-too-long = This is too long.
req-error-invalid = Check this field.

notice-req-created = The request is entered and matching has started.
notice-req-edited = The details are saved.
notice-req-matching = Matching ran: see the SMS offers and the history.
notice-req-assigned = The request is assigned: the volunteer gets the details by SMS.
notice-req-closed = The request is closed.
notice-req-reopened = The request is open again: matching starts over.
