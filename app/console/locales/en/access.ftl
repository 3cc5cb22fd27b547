# Who may see what: showing personal details in full, the operator's page, the audit log.

nav-me = My duty
nav-audit = Audit log

access-reveal = Show number, name and address in full
access-reveal-help = Your name and the time are written to the audit log.
access-revealed = Shown in full at your request; this was written to the audit log.
access-edit-hint = To change the name, the address or the notes, show them in full first.

me-title = My duty and my calls
me-duty = Duty
me-duty-state = You are { $state ->
    [available] on duty
    [away] on duty, marked away
   *[offline] off duty
}.
me-go-on = Start taking calls
me-go-off = Stop taking calls
me-calls = My current and recent calls
me-col-when = When
me-col-caller = Caller
me-col-language = Language
me-col-outcome = Outcome
me-live = in progress
me-no-calls = No calls yet.
notice-me-on = You are on duty: calls can reach you now.
notice-me-off = You are off duty.

audit-title = Audit log
audit-intro = Who saw a person's details in full, exported data, or changed a request, a volunteer, an account or a setting, and when. Entries are never changed.
audit-filters = Filter the audit log
audit-filter = Filter
audit-col-at = When
audit-col-actor = Who
audit-col-action = Action
audit-col-subject = On what
audit-col-detail = Detail
audit-caption = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
audit-empty = No entries match.
audit-export-csv = Export as CSV
audit-export-json = Export as JSON
audit-pages = Pages of the audit log
audit-newer = Newer entries
audit-older = Older entries
