rep-title = Reports
rep-period-choose = Choose the period
rep-from = From
rep-to = To (included)
rep-show = Show
rep-last-7-days = Last 7 days
rep-period-hint = Dates are Brussels time; both days are included; at most { $max } days.
rep-period = { $from } to { $to } ({ $days ->
    [one] one day
   *[other] { $days } days
})
rep-error-date = Enter a date such as 2026-10-25.
rep-error-order = The end date is before the start date.
rep-error-too-long = A report covers at most { $max } days; this period has { $days } days.

rep-summary = Summary
rep-fig-requests = Help requests
rep-definitions = How these figures are counted
rep-def-answered = Callers put through to an operator.
rep-def-abandoned = Callers who hung up while waiting in the queue.
rep-def-other = Every other call: callback asked, voicemail, outside opening hours, hung up in the menu, or still going.
rep-def-asa = Average speed of answer: the average wait of answered callers.
rep-def-average-wait = The average wait of answered and abandoned callers.
rep-def-p90-wait = Nine in ten answered or abandoned callers waited this long or less.
rep-def-service-level = Callers answered within { $seconds } seconds, out of all answered and abandoned callers.
rep-def-callbacks = Asked: callers who chose to be called back. Reached: callbacks the caller answered. Not reached: callback calls nobody answered (a callback may be tried more than once).
rep-def-requests = Help requests made in the period, by need and by where they stand today; times run from the request to the volunteer's yes and to the job being done.
rep-def-talk-time = Time on the operator's phone for the calls they accepted, the short announcement of each call included.

rep-section-days = Calls per day
rep-section-hours = Calls per hour of the day
rep-section-languages = Calls per language
rep-section-callbacks = Callbacks
rep-section-requests = Help requests
rep-section-volunteers = Volunteer activity

rep-table-days = Calls per day
rep-table-hours = Calls per hour of the day
rep-table-languages = Calls per language
rep-table-callbacks = Callbacks per day
rep-table-requests = Help requests by need and outcome
rep-table-request-times = Time to a volunteer and to done
rep-table-operators = Operators
rep-table-field-volunteers = Field volunteers

rep-col-day = Day
rep-col-hour = Hour
rep-col-language = Language
rep-col-calls = Calls
rep-col-answered = Answered
rep-col-abandoned = Abandoned
rep-col-other = Other
rep-col-asa = Average speed of answer
rep-col-average-wait = Average wait
rep-col-p90-wait = 90% waited at most
rep-col-service-level = Answered within { $seconds } s
rep-col-callbacks-requested = Callbacks asked
rep-col-callbacks-reached = Reached
rep-col-callbacks-unanswered = Not reached
rep-col-need = Need
rep-col-total = Total
rep-col-requests = Requests
rep-col-matched = Got a volunteer
rep-col-median-to-match = Median time to a volunteer
rep-col-average-to-match = Average time to a volunteer
rep-col-done = Done
rep-col-median-to-done = Median time to done
rep-col-average-to-done = Average time to done
rep-col-operator = Operator
rep-col-offers = Calls offered
rep-col-calls-answered = Calls taken
rep-col-talk-time = Talk time
rep-col-average-talk = Average per call
rep-col-volunteer = Volunteer
rep-col-sms-offers = Requests offered by SMS
rep-col-runs-matched = Runs taken on
rep-col-runs-done = Runs done

rep-outcome-new = New
rep-outcome-offered = Offered
rep-outcome-matched = Has a volunteer
rep-outcome-done = Done
rep-outcome-closed_no_volunteer_found = Closed: no volunteer found
rep-outcome-closed_no_longer_needed = Closed: no longer needed
rep-outcome-closed_unreachable = Closed: unreachable
rep-outcome-closed_duplicate = Closed: duplicate
rep-outcome-closed_other = Closed: other reason

rep-total = Total
rep-lang-unknown = No language chosen
rep-need-unknown = No need given

rep-chart-days-title = Calls per day
rep-chart-days-desc = Bar chart of answered, abandoned and other calls for each day from { $from } to { $to }. The table “Calls per day” has the same numbers.
rep-chart-hours-title = Calls per hour of the day
rep-chart-hours-desc = Bar chart of answered, abandoned and other calls by the hour they came in, from { $from } to { $to }. The table “Calls per hour of the day” has the same numbers.
rep-chart-service-title = Answered within { $seconds } seconds, per day
rep-chart-service-desc = Line chart of the service level for each day from { $from } to { $to }, from 0 to 100%. The table “Calls per day” has the same numbers.
rep-chart-no-data = No calls in this period

rep-download-csv = Download “{ $table }” (CSV)
rep-empty-calls = No calls in this period.
rep-empty-requests = No help requests in this period.
rep-empty-operators = No operator was offered a call in this period.
rep-empty-field-volunteers = No field volunteer was active in this period.
