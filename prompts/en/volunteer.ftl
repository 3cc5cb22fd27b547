### English: What volunteers hear: the whisper, offers, the duty line, confirmations.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

whisper = Hotline call: { $language }, { $need }, postcode { $postcode }. Press 1 to accept, or 2 to let another volunteer take it.
whisper_callback = Callback request: { $language }, { $need }, postcode { $postcode }. Press 1 to accept, and we will call them and connect you.
whisper_no_postcode = unknown
offer_taken = Thank you, this call has already been answered by another volunteer. Goodbye.
offer_declined = No problem, we will offer it to someone else. Goodbye.
operator_connecting = Connecting you now.
duty_menu = Hello { $name }. You are { $state }. To start taking calls, press 1. To stop taking calls, press 2.
duty_state_on = on duty
duty_state_off = off duty
duty_on = You are now on duty. Thank you! We will call you when someone needs you.
duty_off = You are now off duty. Thank you for your help today.
confirmation_call = Hello, this is the Solidarity Hotline. Good news: a neighbour, { $volunteer }, will help you with { $need }. They will contact you soon. Goodbye.

## The duty line's personal code (PIN)
duty_pin_ask = Please enter your personal code, then press the hash key.
duty_pin_wrong = That code is not right.
duty_pin_needed = Please ask a coordinator for your personal code first. Goodbye.
