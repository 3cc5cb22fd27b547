### Deutsch: der Abschluss durch die Telefonhelferin oder den Telefonhelfer am
### Telefon, nachdem die anrufende Person aufgelegt hat, und die SMS mit der
### persönlichen Seite. Dieselben Nachrichten in jeder Sprache (Tests prüfen es);
### { $name } füllt die App aus.

wrapup_menu = Die anrufende Person hat aufgelegt. Drücken Sie 1, wenn ein Nachbar dieser Person helfen soll, 2, wenn es am Telefon gelöst wurde, 3, wenn eine Koordinatorin oder ein Koordinator nachfassen soll.
wrapup_record = Sagen Sie nach dem Ton den Namen, die Adresse und was gebraucht wird. Drücken Sie danach die Rautetaste.
wrapup_recorded = Danke, Ihre Notiz ist der Anfrage beigefügt. Auf Wiederhören.
wrapup_no_note = Es wurde keine Notiz aufgenommen; Ihre Wahl bleibt gespeichert. Auf Wiederhören.
wrapup_solved = Danke, die Anfrage ist als am Telefon gelöst abgeschlossen. Auf Wiederhören.
wrapup_no_choice = Es wurde nichts gewählt; die Anfrage läuft wie gewohnt weiter. Auf Wiederhören.
sms_operator_page = Hotline: Ihre Seite für die Anrufe, die Sie annehmen, gültig { $hours ->
    [one] eine Stunde
   *[other] { $hours } Stunden
}: { $link }
