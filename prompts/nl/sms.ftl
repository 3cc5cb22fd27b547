### Dutch: Text messages to volunteers.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

sms_offer = Solidariteitslijn: een buur in { $place } heeft hulp nodig met { $need }. Kan u deze week helpen? Antwoord JA { $code } of NEE { $code }.
sms_taken = Dank u! Vraag { $code } is al door een andere buur opgenomen.
sms_declined = Geen probleem, we vragen { $code } aan iemand anders.
sms_done = Bedankt voor uw hulp met { $code }!
sms_stop = U ontvangt geen hulpvragen meer per sms. Antwoord START om ze opnieuw te ontvangen.
sms_start = Welkom terug! U ontvangt opnieuw hulpvragen per sms.
sms_help = Solidariteitslijn: antwoord JA <code> om een vraag op te nemen, NEE <code> om door te geven, KLAAR <code> als het gedaan is, STOP om geen vragen meer te krijgen.
