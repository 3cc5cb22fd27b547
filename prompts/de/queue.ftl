### German: While waiting: position, estimate, keys; the overflow choice; callbacks.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

hold_position = Sie sind Nummer { $position } in der Warteschlange.
hold_estimate = { $minutes ->
    [one] Die voraussichtliche Wartezeit beträgt etwa eine Minute.
   *[other] Die voraussichtliche Wartezeit beträgt etwa { $minutes } Minuten.
}
hold_music_note = Bitte haben Sie etwas Geduld, ein Freiwilliger ist gleich für Sie da.
callback_confirmed = Danke. Ein Freiwilliger ruft Sie so bald wie möglich unter dieser Nummer zurück. Auf Wiederhören.
callback_unavailable = Wir können Sie nicht zurückrufen, weil Ihre Nummer unterdrückt ist. Bitte bleiben Sie am Apparat.
nobody_available = Es tut uns leid, alle Freiwilligen sind gerade beschäftigt.
voicemail_prompt = Bitte sagen Sie nach dem Ton Ihren Namen, Ihre Telefonnummer und wie wir helfen können. Legen Sie dann auf oder drücken Sie die Raute.
connecting = Wir verbinden Sie jetzt mit einem Freiwilligen.
overflow_callback_option = Für einen Rückruf sagen Sie „Rückruf“ oder drücken Sie die 1.
overflow_message_option = Um eine Nachricht zu hinterlassen, sagen Sie „Nachricht“ oder drücken Sie die 2.
overflow_wait_option = Um weiter auf einen Freiwilligen zu warten, sagen Sie „warten“ oder drücken Sie die 0.
hold_next = Sie sind als Nächstes an der Reihe.
hold_estimate_soon = Ein Freiwilliger ist in weniger als einer Minute für Sie da.
hold_keys = Für einen Rückruf drücken Sie die 1; Sie behalten Ihren Platz. Um eine Nachricht zu hinterlassen, drücken Sie die 2. Zum Wiederholen drücken Sie die Sterntaste.
hold_keys_hidden = Um eine Nachricht zu hinterlassen, drücken Sie die 2. Zum Wiederholen drücken Sie die Sterntaste.
