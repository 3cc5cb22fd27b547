calls-title = Calls
calls-filters = Filter the calls
calls-filter-purpose = Which calls
calls-filter-from = From
calls-filter-to = Until (included)
calls-filter-language = Language
calls-filter-need = Need
calls-filter-outcome = Outcome
calls-filter-operator = Operator
calls-filter-digits = Number ends with
calls-filter-digits-hint = 2 to 10 digits
calls-filter-any = Any
calls-filter-apply = Show
calls-filter-reset = Clear the filters

calls-purpose-caller = Callers
calls-purpose-callback = Calls back
calls-purpose-operator_offer = Operators rung
calls-purpose-confirmation = Confirmation calls
calls-purpose-operator_duty = Duty line
calls-purpose-all = All calls

calls-outcome-bridged = Answered
calls-outcome-abandoned = Hung up while waiting
calls-outcome-hung_up = Hung up in the menu
calls-outcome-callback = Asked to be called back
calls-outcome-voicemail = Left a voicemail
calls-outcome-live = Not over yet
calls-outcome-callback_unanswered = Not reached
calls-outcome-accepted = Taken by the operator
calls-outcome-confirmed = Confirmed
calls-outcome-unanswered = Not answered
calls-outcome-duty_on = Went on duty
calls-outcome-duty_off = Went off duty

calls-errors = Some filters need correcting.
calls-error-digits = Type 2 to 10 digits: the end of the caller's number.
calls-error-date = Type a date as year-month-day, for example 2026-11-23.
calls-error-date-order = The first day must come before the last one, or be the same.
calls-error-choice = Choose one of the values in the list.
calls-error-operator = Choose an operator from the list.
calls-error-cursor = This page of the list no longer exists.

calls-caption = { $count ->
    [one] One call, the newest first
   *[other] { $count } calls, the newest first
}
calls-col-started = Started
calls-col-caller = Number
calls-col-purpose = Kind
calls-col-language = Language
calls-col-need = Need
calls-col-outcome = Outcome
calls-col-operator = Operator
calls-col-wait = Wait
calls-col-length = Length
calls-none = No call matches these filters.
calls-pages = Pages of calls
calls-newer = Newer calls
calls-older = Older calls
calls-first-page = Back to the newest calls
calls-export = Download these calls (CSV)

calls-detail-title = Call { $id }
calls-back = Back to the calls
calls-summary = Summary
calls-number = Number
calls-purpose = Kind of call
calls-language = Language
calls-outcome = Outcome
calls-started = Started
calls-answered = Answered
calls-connected = Put through to an operator
calls-ended = Ended
calls-wait = Waiting time
calls-talk = Talk time
calls-length = Length of the call

calls-operators = { $count ->
    [0] Operators
    [one] One operator
   *[other] { $count } operators
}
calls-operators-none = No operator was rung for this call.
calls-op-col-name = Operator
calls-op-col-offered = Rung at
calls-op-col-result = How it ended
calls-op-col-leg = Their phone call
calls-op-unknown = Unknown operator
calls-op-leg = Their call ({ $duration })
calls-op-result-accepted = Took the call
calls-op-result-declined = Declined
calls-op-result-no_answer = Did not answer
calls-op-result-no_key = Answered but pressed no key
calls-op-result-voicemail = Their voicemail answered
calls-op-result-expired = Rang too long
calls-op-result-hung_up = Hung up
calls-op-result-caller_hung_up = The caller hung up first
calls-op-result-ringing = Ringing
calls-op-result-assigned = On this call
calls-callbacks = Calls back

calls-request = Help request
calls-request-none = This call has no help request.
calls-request-link = Help request { $id }
calls-request-status-new = new
calls-request-status-offered = offered to volunteers
calls-request-status-matched = a volunteer helps
calls-request-status-done = done
calls-request-status-closed = closed
calls-voicemail = Voicemail ({ $duration })
calls-voicemail-no-player = This browser cannot play the voicemail here: download it below.
calls-voicemail-download = Download the voicemail

calls-timeline = Timeline
calls-timeline-empty = Nothing was logged for this call.
calls-event-incoming = Call came in
calls-event-menu_entered = Menu
calls-event-input = Keys or words
calls-event-no_input = No answer in the menu
calls-event-language_chosen = Language chosen
calls-event-need_chosen = Need chosen
calls-event-postcode_given = Postcode given
calls-event-postcode_skipped = Postcode skipped
calls-event-operator_requested = Asked for an operator
calls-event-menu_retry = Menu repeated after a mistake
calls-event-menu_repeat = Menu repeated on request
calls-event-handed_off = Put through to the queue
calls-event-out_of_hours = Outside opening hours
calls-event-queued = Waiting in line
calls-event-offered = Operator rung
calls-event-offer = Offer to the operator
calls-event-offer_ended = Operator did not take it
calls-event-offer_withdrawn = Ringing stopped
calls-event-accepted = Operator accepted
calls-event-answered = Phone picked up
calls-event-bridged = Caller and operator connected
calls-event-abandoned = Caller hung up while waiting
calls-event-callback_requested = Asked to be called back
calls-event-callback_dialled = Calling back
calls-event-voicemail_offered = Voicemail offered
calls-event-recording = Voicemail recorded
calls-event-status = Call status
calls-event-hung_up = Call ended
calls-event-wrap_up = Operator wrapping up
calls-event-duty_line = Operator called the duty line
calls-event-duty_on = On duty
calls-event-duty_off = Off duty
