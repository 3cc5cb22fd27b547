### German: der Nachbar und die hilfesuchende Person, sobald eine Anfrage
### angenommen ist: die SMS mit den Angaben, die verdeckten Anrufe des Nachbarn über
### das Telefon, der Statusanruf und der Nachfrageanruf nach FERTIG.
### Dieselben Nachrichten in jeder Sprache.

## Der Nachbar ruft von seiner registrierten Nummer an
errand_hello = Guten Tag { $name }.
errand_menu_call = Um die Person der Anfrage { $code } anzurufen, { $need } in { $place }, drücken Sie 1.
errand_menu_note = Um die Notiz der Ehrenamtlichen zu dieser Anfrage zu hören, drücken Sie 2.
errand_menu_code = Um die Person einer anderen Anfrage anzurufen, drücken Sie die Sterntaste und geben Sie dann den Code ein.
errand_menu_duty = Für Ihr Dienstmenü drücken Sie 9.
errand_note_intro = Die Notiz der Ehrenamtlichen:
errand_code_ask = Geben Sie die vier Zeichen des Codes der Anfrage ein. Für einen Buchstaben drücken Sie die Taste, auf der er steht.
errand_code_refused = Mit diesem Code können wir Sie nicht verbinden. Bitte prüfen Sie den Code in Ihrer SMS.
errand_connecting = Wir rufen die Person der Anfrage { $code } an. Sie sieht die Nummer des Telefons, nicht Ihre.
errand_no_answer = Die Person nimmt nicht ab. Bitte versuchen Sie es etwas später noch einmal. Auf Wiederhören.
errand_call_ended = Danke für Ihre Hilfe. Auf Wiederhören.
errand_none = Sie haben im Moment keine laufende Anfrage. Auf Wiederhören.
errand_no_number = Wir haben keine Telefonnummer der Person der Anfrage { $code }. Bitte wenden Sie sich an eine Koordinatorin oder einen Koordinator. Auf Wiederhören.

## Die hilfesuchende Person ruft an, während ihre Anfrage läuft
status_matched = Guten Tag, hier ist das Solidaritätstelefon. Ein Nachbar, { $volunteer }, hilft Ihnen bei { $need } und ruft Sie an.
status_searching = Guten Tag, hier ist das Solidaritätstelefon. Wir haben Ihre Anfrage für { $need } erhalten und suchen einen Nachbarn in Ihrer Nähe.
status_coordinator = Guten Tag, hier ist das Solidaritätstelefon. Wir haben Ihre Anfrage für { $need } erhalten. Eine Koordinatorin oder ein Koordinator ruft Sie bald an.
status_menu = Um mit einer Ehrenamtlichen oder einem Ehrenamtlichen zu sprechen, drücken Sie 1. Wenn Sie keine Hilfe mehr brauchen, drücken Sie 2. Um dies noch einmal zu hören, drücken Sie die Sterntaste.
status_menu_closed = Das Telefon ist jetzt nicht besetzt. Um eine Nachricht zu hinterlassen oder zurückgerufen zu werden, drücken Sie 1. Wenn Sie keine Hilfe mehr brauchen, drücken Sie 2. Um dies noch einmal zu hören, drücken Sie die Sterntaste.
status_cancelled = Danke, dass Sie uns Bescheid geben. Wir haben Ihre Anfrage storniert. Alles Gute. Auf Wiederhören.

## Der Nachfrageanruf, nachdem der Nachbar die Hilfe als erledigt gemeldet hat
followup_question = Guten Tag, hier ist das Solidaritätstelefon. Ein Nachbar, { $volunteer }, wollte Ihnen bei { $need } helfen. Ist Ihr Nachbar gekommen? Wenn ja, drücken Sie 1. Wenn nicht, drücken Sie 2.
followup_thanks = Danke, das freut uns. Auf Wiederhören.
followup_sorry = Das tut uns leid. Eine Koordinatorin oder ein Koordinator ruft Sie bald an. Auf Wiederhören.

## SMS an den Nachbarn, der die Anfrage angenommen hat
sms_errand_intro = Danke! Anfrage { $code } gehört Ihnen: { $need } in { $place } ({ $postcode }).
sms_errand_name = Name: { $name }
sms_errand_address = Adresse: { $address }
errand_address = { $street } { $number }
errand_address_box = { $street } { $number } Bus { $box }
sms_errand_needs = Gebraucht: { $needs }
sms_errand_urgency = Wann: { $urgency ->
    [today] heute
    [week] diese Woche
   *[no_rush] ohne Eile
}
sms_errand_needed_by = Wann: spätestens { $date }
sms_errand_access = Zugang: { $notes }
sms_errand_phone = Telefon: { $phone } (spricht { $language }).
sms_errand_language = Die Person spricht { $language }.
sms_errand_no_details = Die Person wollte Name und Adresse nicht per SMS weitergeben: Bitte rufen Sie sie an, um alles abzusprechen.
sms_errand_call = Um sie anzurufen, ohne Ihre Nummer zu zeigen: Rufen Sie { $hotline } von diesem Telefon an und drücken Sie 1.
sms_errand_note = Um die Notiz der Ehrenamtlichen zu hören: Rufen Sie { $hotline } an und drücken Sie 2.
sms_errand_done = Antworten Sie FERTIG { $code }, wenn es erledigt ist.
sms_errand_cancelled = Anfrage { $code } ist nicht mehr nötig: Die Person hat uns gesagt, dass sie keine Hilfe mehr braucht. Danke für Ihre Freundlichkeit!
