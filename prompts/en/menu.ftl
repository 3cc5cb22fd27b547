### English: The caller's menus: welcome, language, need, postcode, closed, voicemail.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

welcome = { $name }. Say or choose your language.
language_option = English, press { $key }.
operator_option = To speak to a volunteer, press 0 or stay on the line.
volunteer_coming = A volunteer will help.
need_intro = How can we help? Say it, or press:
need_option_groceries = Groceries: 1.
need_option_pharmacy = Pharmacy: 2.
need_option_company = A chat: 3.
need_option_other = Something else: 4.
closed_short = The hotline is closed now. After the tone, say your name and number; we will call you back.
returning_welcome = { $name }. Welcome back.
postcode_ask = Your postcode, please: say or type the four digits.
postcode_invalid = Sorry, { $postcode } is not a Belgian postcode that we know.
postcode_confirmed = { $postcode }, { $place }. Thank you.
no_input = Sorry, we did not hear anything.
invalid_choice = Sorry, that is not one of the choices.
closed = The hotline is closed now. We are open { $days } from { $open_from } to { $open_until }. After the tone, please say your name, your telephone number, and how we can help. A volunteer will call you back.
voicemail_thanks = Thank you. We have your message, and a volunteer will call you back.
voicemail_empty = We did not receive a message. A volunteer will call you back on this number.
handoff = A volunteer will help you soon. Please stay on the line.
error_apology = We are sorry, something went wrong on our side.
goodbye = Thank you for calling the Solidarity Hotline. Goodbye.
need_groceries = groceries
need_pharmacy = pharmacy
need_company = a chat
need_other = other help
repeat_option = To hear this again, press star.
voicemail_thanks_hidden = Thank you. We have your message. If you gave your telephone number, a volunteer will call you back.
voicemail_empty_hidden = We did not receive a message. Please feel free to call again.
postcode_still = Still { $postcode }, { $place }? Say yes or press 1. If not, say no or press 2.
closed_holiday = Today is a public holiday.
days_every = every day
days_none = by appointment
days_range = { $first } to { $last }
days_one = on { $day }
days_list = on { $rest } and { $last }
weekday_0 = Monday
weekday_1 = Tuesday
weekday_2 = Wednesday
weekday_3 = Thursday
weekday_4 = Friday
weekday_5 = Saturday
weekday_6 = Sunday
where_to_turn = In an emergency, call { $emergency }. To talk to someone who listens, day and night: { $listening }.
where_to_turn_emergency = In an emergency, call { $emergency }.
either_or = { $first } or { $second }

## Refused calls: a banned number; too many calls in the last hour.
caller_banned = This line cannot take your call. Goodbye.
caller_call_later = You have called us many times in the last hour. Please call again later. Goodbye.
