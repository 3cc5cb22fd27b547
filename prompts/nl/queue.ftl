### Dutch: While waiting: position, estimate, keys; the overflow choice; callbacks.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

hold_position = U bent nummer { $position } in de rij.
hold_estimate = { $minutes ->
    [one] De verwachte wachttijd is ongeveer één minuut.
   *[other] De verwachte wachttijd is ongeveer { $minutes } minuten.
}
hold_music_note = Even geduld, een vrijwilliger helpt u zo dadelijk.
callback_confirmed = Dank u. Een vrijwilliger belt u zo snel mogelijk terug op dit nummer. Tot ziens.
callback_unavailable = We kunnen u niet terugbellen, want uw nummer is afgeschermd. Blijf alstublieft aan de lijn.
nobody_available = Het spijt ons, alle vrijwilligers zijn nu bezet.
voicemail_prompt = Spreek na de toon uw naam, uw telefoonnummer en uw vraag in. Leg daarna in of druk op hekje.
connecting = We verbinden u nu met een vrijwilliger.
overflow_callback_option = Om teruggebeld te worden, zeg 'terugbellen' of druk 1.
overflow_message_option = Om een bericht in te spreken, zeg 'bericht' of druk 2.
overflow_wait_option = Om verder te wachten op een vrijwilliger, zeg 'wachten' of druk 0.
hold_next = U bent de volgende.
hold_estimate_soon = Een vrijwilliger is er binnen de minuut voor u.
hold_keys = Wilt u liever teruggebeld worden, druk 1; u behoudt uw plaats. Om een bericht in te spreken, druk 2. Om dit te herhalen, druk sterretje.
hold_keys_hidden = Om een bericht in te spreken, druk 2. Om dit te herhalen, druk sterretje.
