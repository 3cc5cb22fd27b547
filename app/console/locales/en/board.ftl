board-title = Live board
board-today = Today
fig-calls = Calls
fig-answered = Answered
fig-abandoned = Abandoned
fig-asa = Average speed of answer
fig-service-level = Answered within 60 s
fig-callbacks-pending = Callbacks pending
fig-voicemails-open = Voicemails to handle
board-waiting = { $count ->
    [0] Nobody waiting
    [one] One caller waiting
   *[other] { $count } callers waiting
}
board-nobody-waiting = Nobody is waiting right now.
board-longest-wait = longest wait
board-callback-asked = Callback asked
board-being-offered = Ringing an operator
board-ring-now = Ring now
board-operators = { $count ->
    [0] No operator on duty
    [one] One operator on duty
   *[other] { $count } operators on duty
}
board-nobody-on-duty = Nobody is on duty.
col-caller = Caller
col-need = Need
col-place = Postcode
col-waiting = Waiting
col-status = Status
col-actions = Actions
col-name = Name
col-languages = Languages
col-state = State
col-since = For
op-set-away = Set away
op-set-available = Set available
notice-operator-away = The operator is set away: no calls are offered to them.
notice-operator-available = The operator is available again.
notice-callback-ringing = The callback is first in line: the next free operator gets it.
