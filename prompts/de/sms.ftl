### German: Text messages to volunteers.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

sms_offer = Solidaritätstelefon: ein Nachbar in { $place } braucht Hilfe bei { $need }. Können Sie diese Woche helfen? Antworten Sie JA { $code } oder NEIN { $code }.
sms_taken = Danke! Anfrage { $code } wurde schon von einem anderen Nachbarn übernommen.
sms_declined = Kein Problem, wir fragen jemand anderen wegen { $code }.
sms_done = Danke für Ihre Hilfe bei { $code }!
sms_stop = Sie erhalten keine Anfragen mehr per SMS. Antworten Sie START, um sie wieder zu erhalten.
sms_start = Willkommen zurück! Sie erhalten wieder Anfragen per SMS.
sms_help = Solidaritätstelefon: antworten Sie JA <code>, um eine Anfrage zu übernehmen, NEIN <code>, um sie abzugeben, FERTIG <code>, wenn sie erledigt ist, STOP, um keine Anfragen mehr zu erhalten.
