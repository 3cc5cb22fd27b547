# What a neighbour needs to know, the operator's wrap-up, triage and CSV import
# (the requests screen).

req-field-needs-text = What is needed, in their words
req-needs-text-hint = What the person asked for, as they said it.
req-field-urgency = How urgent
req-urgency-today = Today
req-urgency-week = This week
req-urgency-no_rush = No rush
req-field-needed-by = Needed by
req-field-access = Access notes
req-access-hint = Floor, bell, lift, a dog …
req-field-consent = The person agrees that the one neighbour who takes the errand gets their name, address and these details.
req-consent-yes = Agreed: one neighbour may get these details
req-consent-no = Not agreed (yet): the neighbour gets no details
req-field-wrapup = Operator's wrap-up
req-wrapup-outcome = { $outcome ->
    [neighbour] a neighbour should help
    [solved] solved on the phone
    [coordinator] a coordinator should follow up
   *[other] { $outcome }
}
req-wrapup-none = none
req-wrapup-note = Operator's spoken note
req-awaiting-approval = Waiting for a coordinator's approval (triage)
req-approved = Approved by { $actor }
req-approve = Approve
req-approve-help = Triage: nearby neighbours get an SMS offer once a coordinator approves.
req-approve-submit = Approve and text the neighbours
notice-req-approved = Approved: nearby volunteers get an SMS offer.
req-field-calls = Calls
req-call-n = call { $n }
req-reason-solved_on_phone = Solved on the phone
req-card-to-approve = to approve
req-import-link = Import from CSV
req-import-title = Import requests from CSV
req-import-help = One request per line. Columns: phone, name, language, need, postcode; optional street, number, box, needs_text, urgency (today, week, no_rush), needed_by (YYYY-MM-DD), access_notes, consent (yes or no), notes, organisation. Every line is checked: if one is wrong, nothing is imported.
req-import-file = CSV file
req-import-submit = Import
req-import-errors = Nothing was imported. Correct these lines and try again:
req-import-empty = Choose a CSV file.
notice-req-imported = The requests were imported and entered matching.
