app-name = Solidarity Hotline
skip-to-content = Skip to content
nav-label = Console sections
nav-board = Live board
nav-calls = Calls
nav-requests = Requests
nav-work = Work list
nav-volunteers = Volunteers
nav-reports = Reports
language-switch = Language
logout = Log out

login-title = Sign in to the console
login-username = User name
login-password = Password
login-submit = Sign in
login-invalid = Wrong user name or password.
login-throttled = Too many failed attempts. Try again in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}.

error-title = This could not be done
error-status-400 = The form has a mistake.
error-status-403 = This action was refused: the form may have expired. Reload the page and try again.
error-status-404 = This no longer exists.
error-status-409 = Someone or something changed this in the meantime.
error-status-other = Something went wrong on our side.
error-detail = Technical detail (in English)
error-back = Back to the live board

lang-nl = Dutch
lang-fr = French
lang-en = English
lang-de = German

need-groceries = Groceries
need-pharmacy = Pharmacy
need-company = A chat
need-other = Other help

op-state-available = Available
op-state-ringing = Ringing
op-state-on_call = On a call
op-state-wrap_up = Wrap-up
op-state-away = Away
