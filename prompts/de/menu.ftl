### German: The caller's menus: welcome, language, need, postcode, closed, voicemail.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

welcome = { $name }. Sagen oder wählen Sie Ihre Sprache.
language_option = Deutsch, drücken Sie { $key }.
operator_option = Ein Freiwilliger: drücken Sie 0, oder bleiben Sie dran.
volunteer_coming = Gleich hilft Ihnen jemand.
need_intro = Wie können wir helfen? Sagen Sie es, oder drücken Sie:
need_option_groceries = Einkäufe: 1.
need_option_pharmacy = Apotheke: 2.
need_option_company = Ein Gespräch: 3.
need_option_other = Etwas anderes: 4.
closed_short = Das Telefon ist jetzt geschlossen. Sagen Sie nach dem Ton Ihren Namen und Ihre Nummer; wir rufen zurück.
returning_welcome = { $name }. Willkommen zurück.
postcode_ask = Ihre Postleitzahl, bitte: sagen oder tippen Sie die vier Ziffern.
postcode_invalid = Entschuldigung, { $postcode } ist keine belgische Postleitzahl, die wir kennen.
postcode_confirmed = { $postcode }, { $place }. Danke.
no_input = Entschuldigung, wir haben nichts gehört.
invalid_choice = Entschuldigung, das ist keine der Möglichkeiten.
closed = Das Telefon ist jetzt geschlossen. Wir sind { $days } von { $open_from } bis { $open_until } erreichbar. Bitte sagen Sie nach dem Ton Ihren Namen, Ihre Telefonnummer und wie wir helfen können. Ein Freiwilliger ruft Sie zurück.
voicemail_thanks = Danke. Wir haben Ihre Nachricht, und ein Freiwilliger ruft Sie zurück.
voicemail_empty = Wir haben keine Nachricht erhalten. Ein Freiwilliger ruft Sie unter dieser Nummer zurück.
handoff = Gleich hilft Ihnen jemand. Bitte bleiben Sie dran.
error_apology = Es tut uns leid, bei uns ist etwas schiefgegangen.
goodbye = Danke für Ihren Anruf beim Solidaritätstelefon. Auf Wiederhören.
need_groceries = Einkäufe
need_pharmacy = Apotheke
need_company = ein Gespräch
need_other = andere Hilfe
repeat_option = Zum Wiederholen drücken Sie die Sterntaste.
voicemail_thanks_hidden = Danke. Wir haben Ihre Nachricht. Wenn Sie Ihre Telefonnummer genannt haben, ruft Sie ein Freiwilliger zurück.
voicemail_empty_hidden = Wir haben keine Nachricht erhalten. Rufen Sie gerne noch einmal an.
postcode_still = Immer noch { $postcode }, { $place }? Sagen Sie ja oder drücken Sie die 1. Sonst: nein oder die 2.
closed_holiday = Heute ist ein Feiertag.
days_every = jeden Tag
days_none = nach Vereinbarung
days_range = { $first } bis { $last }
days_one = am { $day }
days_list = am { $rest } und { $last }
weekday_0 = Montag
weekday_1 = Dienstag
weekday_2 = Mittwoch
weekday_3 = Donnerstag
weekday_4 = Freitag
weekday_5 = Samstag
weekday_6 = Sonntag
where_to_turn = Im Notfall rufen Sie die { $emergency } an. Für ein offenes Ohr, Tag und Nacht: { $listening }.
where_to_turn_emergency = Im Notfall rufen Sie die { $emergency } an.
either_or = { $first } oder { $second }

## Refused calls: a banned number; too many calls in the last hour.
caller_banned = Diese Leitung kann Ihren Anruf nicht annehmen. Auf Wiederhören.
caller_call_later = Sie haben uns in der letzten Stunde schon oft angerufen. Bitte rufen Sie später wieder an. Auf Wiederhören.
