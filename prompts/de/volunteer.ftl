### German: What volunteers hear: the whisper, offers, the duty line, confirmations.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

whisper = Anruf vom Telefon: { $language }, { $need }, Postleitzahl { $postcode }. Drücken Sie 1, um anzunehmen, oder 2, damit jemand anderes hilft.
whisper_callback = Rückrufwunsch: { $language }, { $need }, Postleitzahl { $postcode }. Drücken Sie 1, um anzunehmen; wir rufen die Person an und verbinden Sie.
whisper_no_postcode = unbekannt
offer_taken = Danke, dieser Anruf wurde schon von einem anderen Freiwilligen angenommen. Auf Wiederhören.
offer_declined = Kein Problem, wir fragen jemand anderen. Auf Wiederhören.
operator_connecting = Wir verbinden Sie jetzt.
duty_menu = Hallo { $name }. Sie sind { $state }. Um Anrufe anzunehmen, drücken Sie 1. Um aufzuhören, drücken Sie 2.
duty_state_on = im Dienst
duty_state_off = nicht im Dienst
duty_on = Sie sind jetzt im Dienst. Danke! Wir rufen Sie an, wenn jemand Sie braucht.
duty_off = Sie sind jetzt nicht mehr im Dienst. Danke für Ihre Hilfe heute.
confirmation_call = Guten Tag, hier ist das Solidaritätstelefon. Gute Nachricht: ein Nachbar, { $volunteer }, hilft Ihnen bei { $need }. Er meldet sich bald bei Ihnen. Auf Wiederhören.

## The duty line's personal code (PIN)
duty_pin_ask = Bitte geben Sie Ihren persönlichen Code ein und drücken Sie dann die Rautetaste.
duty_pin_wrong = Dieser Code ist nicht richtig.
duty_pin_needed = Bitte fragen Sie zuerst einen Koordinator nach Ihrem persönlichen Code. Auf Wiederhören.
