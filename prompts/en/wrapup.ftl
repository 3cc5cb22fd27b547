### English: the operator's wrap-up by phone once the caller hung up, and the SMS
### with the operator's personal page. Same messages in every language (tests
### enforce it); { $name } is filled in by the app.

wrapup_menu = The caller has hung up. Press 1 if a neighbour should help this person, 2 if it was solved on the phone, 3 if a coordinator should follow up.
wrapup_record = After the tone, say the name, the address and what is needed. Then press hash.
wrapup_recorded = Thank you, your note is attached to the request. Goodbye.
wrapup_no_note = No note was recorded; your choice is kept. Goodbye.
wrapup_solved = Thank you, the request is closed as solved on the phone. Goodbye.
wrapup_no_choice = Nothing was chosen; the request goes on as usual. Goodbye.
sms_operator_page = Hotline: your page for the calls you take, valid { $hours ->
    [one] for one hour
   *[other] for { $hours } hours
}: { $link }
