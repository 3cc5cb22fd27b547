work-title = Werklijst
work-intro = Wat iemand nu moet doen, oudste eerst. Neem een taak op je voor je ze uitvoert, zodat niemand anders hetzelfde doet.
work-callbacks-heading = { $count ->
    [0] Niemand om terug te bellen
    [one] Eén persoon om terug te bellen
   *[other] { $count } personen om terug te bellen
}
work-callbacks-caption = Bellers die vroegen om teruggebeld te worden en niet opnamen toen de hotline hen belde.
work-callbacks-empty = Iedereen die om een terugbelverzoek vroeg, is bereikt.
work-voicemails-heading = { $count ->
    [0] Geen voicemail te behandelen
    [one] Eén voicemail te behandelen
   *[other] { $count } voicemails te behandelen
}
work-voicemails-caption = Berichten op de hotline die nog niemand heeft behandeld.
work-voicemails-empty = Alle voicemails zijn behandeld.
work-escalations-heading = { $count ->
    [0] Geen aanvraag wacht op een coördinator
    [one] Eén aanvraag wacht op een coördinator
   *[other] { $count } aanvragen wachten op een coördinator
}
work-escalations-caption = Aanvragen waarvoor de automatische koppeling geen buur vond.
work-escalations-empty = Geen enkele aanvraag wacht op een coördinator.
work-col-person = Nummer
work-col-language = Taal
work-col-need = Vraag
work-col-place = Postcode
work-col-attempts = Pogingen
work-col-last-attempt = Laatste poging
work-col-message = Bericht
work-col-duration = Duur
work-col-left-at = Ingesproken op
work-col-request = Aanvraag
work-col-escalated-at = Doorgestuurd op
work-col-reason = Waarom
work-col-claimed = Opgenomen door
work-col-actions = Acties
work-play = Voicemail van { $caller }
work-download = De voicemail downloaden
work-request-link = Aanvraag { $id }
work-reason-no_volunteer_in_range = Geen vrijwilliger in de buurt
work-reason-no_volunteer_accepted = Geen vrijwilliger zei ja
work-reason-missing_details = Gegevens ontbreken: { $fields }
work-reason-other = Koppeling gestopt
work-field-need = vraag
work-field-language = taal
work-field-postcode = postcode
work-not-claimed = Nog niemand
work-claimed-by = { $name } sinds { $time }
work-claimed-by-you = Jij, sinds { $time }
work-claim-callback = Ik bel terug
work-claim-voicemail = Ik neem het op me
work-claim-escalation = Ik neem het op me
work-done-callback = Bereikt
work-done-voicemail = Behandeld
work-done-escalation = Afgehandeld
work-release = Vrijgeven
notice-work-claimed = De taak is van jou: niemand anders neemt ze. Alleen jij ziet het volledige nummer.
notice-work-released = De taak is weer vrij voor iedereen.
notice-work-done = Klaar: de taak staat niet meer op de werklijst.
notice-work-taken = Iemand anders nam deze taak eerst op: de naam staat ernaast.
