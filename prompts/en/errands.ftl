### English: the neighbour and the requester once a request is taken: the details
### SMS, the neighbour's masked calls through the hotline, the requester's status
### call and the follow-up call after DONE. Same messages in every language.

## The neighbour calls the hotline from their registered phone
errand_hello = Hello { $name }.
errand_menu_call = To call the person of request { $code }, { $need } in { $place }, press 1.
errand_menu_note = To hear the operator's note about this request, press 2.
errand_menu_code = To call the person of another request, press star, then type its code.
errand_menu_duty = For your duty menu, press 9.
errand_note_intro = The operator's note:
errand_code_ask = Type the four characters of the request code. For a letter, press the key that shows it.
errand_code_refused = We cannot connect you with this code. Please check the code in your text message.
errand_connecting = We are calling the person of request { $code }. They will see the hotline's number, not yours.
errand_no_answer = The person did not answer. Please try again a little later. Goodbye.
errand_call_ended = Thank you for your help. Goodbye.
errand_none = You have no request in progress at the moment. Goodbye.
errand_no_number = We have no phone number for the person of request { $code }. Please contact a coordinator. Goodbye.

## The requester calls while their request is open
status_matched = Hello, this is the Solidarity Hotline. A neighbour, { $volunteer }, will help you with { $need } and will call you.
status_searching = Hello, this is the Solidarity Hotline. We have your request for { $need }, and we are looking for a neighbour near you.
status_coordinator = Hello, this is the Solidarity Hotline. We have your request for { $need }. A coordinator will call you soon.
status_menu = To talk to a volunteer, press 1. If you no longer need help, press 2. To hear this again, press star.
status_menu_closed = The hotline is closed now. To leave a message or be called back, press 1. If you no longer need help, press 2. To hear this again, press star.
status_cancelled = Thank you for letting us know. We have cancelled your request. Take care. Goodbye.

## The follow-up call after the neighbour said it was done
followup_question = Hello, this is the Solidarity Hotline. A neighbour, { $volunteer }, was going to help you with { $need }. Did your neighbour come? If yes, press 1. If not, press 2.
followup_thanks = Thank you, we are glad to hear it. Goodbye.
followup_sorry = We are sorry. A coordinator will call you soon. Goodbye.

## Text messages to the neighbour who took the request
sms_errand_intro = Thank you! Request { $code } is yours: { $need } in { $place } ({ $postcode }).
sms_errand_name = Name: { $name }
sms_errand_address = Address: { $address }
errand_address = { $street } { $number }
errand_address_box = { $street } { $number } box { $box }
sms_errand_needs = Needed: { $needs }
sms_errand_urgency = When: { $urgency ->
    [today] today
    [week] this week
   *[no_rush] no rush
}
sms_errand_needed_by = When: by { $date }
sms_errand_access = Access: { $notes }
sms_errand_phone = Phone: { $phone } (speaks { $language }).
sms_errand_language = They speak { $language }.
sms_errand_no_details = They did not agree to share their name and address by text message: please call them to agree on the details.
sms_errand_call = To call them without showing your number, call { $hotline } from this phone and press 1.
sms_errand_note = To hear the operator's note, call { $hotline } and press 2.
sms_errand_done = Reply DONE { $code } when it is done.
sms_errand_cancelled = Request { $code } is no longer needed: the person told us they no longer need help. Thank you for your kindness!
