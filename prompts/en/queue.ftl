### English: While waiting: position, estimate, keys; the overflow choice; callbacks.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

hold_position = You are number { $position } in line.
hold_estimate = { $minutes ->
    [one] The expected waiting time is about one minute.
   *[other] The expected waiting time is about { $minutes } minutes.
}
hold_music_note = Please hold, a volunteer will be with you shortly.
callback_confirmed = Thank you. A volunteer will call you back on this number as soon as possible. Goodbye.
callback_unavailable = We cannot call you back, because your number is hidden. Please stay on the line.
nobody_available = We are sorry, all volunteers are busy right now.
voicemail_prompt = After the tone, please say your name, your telephone number, and how we can help. Then hang up or press hash.
connecting = We are connecting you with a volunteer now.
overflow_callback_option = To be called back, say 'call back' or press 1.
overflow_message_option = To leave a message, say 'message' or press 2.
overflow_wait_option = To keep waiting for a volunteer, say 'wait' or press 0.
hold_next = You are next.
hold_estimate_soon = A volunteer will be with you in less than a minute.
hold_keys = To be called back instead, press 1; you keep your place. To leave a message, press 2. To hear this again, press star.
hold_keys_hidden = To leave a message, press 2. To hear this again, press star.
