req-title = Hulpvragen
req-new-link = Nieuwe hulpvraag namens iemand
req-export = Exporteren als CSV
req-filters = Hulpvragen filteren
req-filter-group = Status
req-filter-need = Nood
req-filter-language = Taal
req-filter-place = Postcode of gemeente
req-filter-age = Ouderdom
req-filter-submit = Filteren
req-filter-reset = Filters wissen
req-all = Alle
req-any = Om het even
req-age-any = Om het even hoe oud
req-age-1h = Ouder dan 1 uur
req-age-24h = Ouder dan 24 uur
req-age-3d = Ouder dan 3 dagen
req-groups-label = Hulpvragen per status
req-group-new = Nieuw
req-group-escalated = Geëscaleerd
req-group-offered = Per sms aangeboden
req-group-matched = Gekoppeld
req-group-done = Afgerond
req-group-closed = Gesloten
req-count-requests = { $count ->
    [0] geen hulpvraag
    [one] één hulpvraag
   *[other] { $count } hulpvragen
}
req-show-all = { $count ->
    [one] De hulpvraag tonen
   *[other] Alle { $count } hulpvragen tonen
}
req-empty = Geen hulpvraag hier.
req-number = Nr. { $id }
req-need-unknown = Nood niet opgegeven
req-place-unknown = Plaats niet opgegeven
req-waiting = Wacht
req-for-organisation = voor { $organisation }
req-col-request = Hulpvraag
req-col-need = Nood
req-col-place = Plaats
req-col-person = Persoon
req-col-language = Taal
req-col-created = Ingevoerd
req-col-volunteer = Vrijwilliger
req-col-wave = Ronde
req-col-distance = Afstand
req-col-sent = Verstuurd
req-col-response = Antwoord
req-col-name = Naam
req-col-languages = Talen
req-col-why = Waarom in aanmerking
req-pager = Pagina's
req-pager-previous = Vorige
req-pager-next = Volgende
req-pager-position = { $first }–{ $last } van { $total }

req-title-one = Hulpvraag nr. { $id }
req-back = Alle hulpvragen
req-details = Gegevens
req-field-status = Status
req-field-name = Naam
req-field-phone = Telefoonnummer
req-field-language = Taal
req-field-need = Nood
req-field-postcode = Postcode
req-field-address = Adres
req-field-street = Straat
req-field-number = Huisnummer
req-field-box = Bus
req-field-notes = Notities
req-field-organisation = Namens (organisatie)
req-field-source = Binnengekomen via
req-field-created = Ingevoerd
req-field-code = Sms-code
req-field-wave = Verstuurde sms-rondes
req-field-voicemail = Voicemail
req-field-call = Oproep
req-call-link = De oproep openen
req-box = bus { $box }
req-matched-with = met { $name }
req-source = { $source ->
    [call] Telefoonoproep
    [voicemail] Voicemail
    [api] API
    [console] Console
   *[other] { $source }
}
req-by = door { $actor }
req-offers = { $count ->
    [0] Nog geen sms-aanbod
    [one] Eén sms-aanbod
   *[other] { $count } sms-aanbiedingen
}
req-km = { $km } km
req-response = { $response ->
    [pending] Nog geen antwoord
    [accepted] Ja
    [declined] Nee
    [too_late] Ja, te laat
    [withdrawn] Ingetrokken
   *[other] { $response }
}
req-history = Geschiedenis
req-event = { $kind ->
    [created] Ingevoerd ({ $source })
    [need_set] Nood opgegeven: { $need }
    [postcode_set] Postcode opgegeven: { $postcode }
    [voicemail] Voicemail ingesproken
    [callback_requested] Terugbellen gevraagd
    [callback_unanswered] Terugbelpoging niet beantwoord
    [wave_sent] Ronde { $wave }: sms-aanbod aan { $count ->
        [one] één vrijwilliger
       *[other] { $count } vrijwilligers
    }
    [wave_empty] Ronde { $wave }: geen vrijwilliger binnen bereik
    [escalated] Doorgegeven aan een coördinator ({ $reason ->
        [no_volunteer_accepted] niemand zei ja
        [no_volunteer_in_range] geen vrijwilliger binnen bereik
        [operator_wrapup] op vraag van de operator
        [neighbour_did_not_come] de buur is niet gekomen
       *[other] gegevens ontbreken
    })
    [match_requested] Koppelen met de hand gestart
    [matched] Een vrijwilliger zei ja
    [declined] Een vrijwilliger zei nee
    [done] De vrijwilliger meldde het afgerond
    [assigned] Met de hand toegewezen
    [closed] Gesloten
    [reopened] Heropend
    [details_edited] Gegevens aangepast ({ $fields ->
        [one] één veld
       *[other] { $fields } velden
    })
    [confirmation_call] Bevestigingsoproep geplaatst
    [confirmation_delivered] Bevestigingsoproep beantwoord
    [confirmation_unanswered] Bevestigingsoproep niet beantwoord
    [confirmation_failed] Bevestigingsoproep kon niet geplaatst worden
    [call_attached] Nog een oproep van hetzelfde nummer, toegevoegd
    [wrapup] Afronding door de operator
    [wrapup_note] Ingesproken notitie van de operator toegevoegd
    [awaiting_approval] Wacht op goedkeuring door een coördinator
    [approved] Goedgekeurd door een coördinator
    [masked_call] De buur belde via de lijn
    [masked_call_ended] Afgeschermde oproep beëindigd ({ $status })
    [masked_call_refused] Een buur typte de code van deze vraag: geweigerd, niet de zijne
    [status_call] Gebeld om te horen hoe het ervoor staat
    [followup_call] Opvolgoproep geplaatst
    [followup_came] Opvolging: de buur is gekomen
    [followup_did_not_come] Opvolging: de buur is niet gekomen
    [followup_unanswered] Opvolgoproep niet beantwoord
    [followup_failed] Opvolgoproep kon niet geplaatst worden
    [followup_skipped] Geen opvolgoproep: geen nummer om te bellen
   *[other] { $kind }
}

req-candidates = Kandidaten voor de volgende ronde
req-candidates-missing = Om kandidaten te vinden zijn de nood, de taal en de postcode nodig.
req-candidates-none = Geen veldvrijwilliger binnen bereik helpt met deze nood in deze taal.
req-why = { $need } en { $language } passen, { $distance } km ver (bereik { $radius } km), { $runs } van { $cap } ritten deze week
req-why-boost = (bereik { $boost } km verruimd voor deze ronde)
req-offered-before = al aangeboden: { $response }

req-actions = Acties
req-match = Nu koppelen
req-match-help = Stuur nu de volgende ronde sms'en naar vrijwilligers in de buurt.
req-match-submit = Nu koppelen
req-assign = Met de hand toewijzen
req-assign-volunteer = Vrijwilliger
req-assign-submit = Toewijzen
req-assign-none = Geen kandidaat om toe te wijzen.
req-close = Sluiten
req-close-reason = Reden
req-close-note = Notitie
req-close-submit = De hulpvraag sluiten
req-close-confirm = Deze hulpvraag sluiten?
req-reason-no_volunteer_found = Geen vrijwilliger gevonden
req-reason-no_longer_needed = Niet meer nodig
req-reason-unreachable = Onbereikbaar
req-reason-duplicate = Dubbel
req-reopen = Heropenen
req-reopen-help = Het koppelen begint opnieuw bij de eerste ronde.
req-reopen-submit = De hulpvraag heropenen
req-edit = Gegevens aanpassen
req-edit-submit = Gegevens opslaan
req-choose = Kies…
req-optional = (niet verplicht)

req-new-title = Nieuwe hulpvraag namens iemand
req-new-help = De hulpvraag gaat meteen naar het koppelen: vrijwilligers in de buurt krijgen een sms-aanbod, zoals na een oproep.
req-new-person = De persoon
req-new-need = Wat nodig is, en waar
req-new-source = Wie vraagt het
req-phone-hint = Het eigen nummer van de persoon: de vrijwilliger belt het, en de bevestigingsoproep gaat ernaartoe.
req-postcode-hint = Vier cijfers, bijvoorbeeld 1030.
req-organisation-hint = Laat leeg als de persoon zelf de hulplijn contacteerde.
req-new-submit = De hulpvraag invoeren

req-form-invalid = Enkele gegevens moeten verbeterd worden: zie de berichten naast de velden.
req-error-phone = Geef een telefoonnummer dat we kunnen bellen, bijvoorbeeld 0470 12 34 56.
req-error-name = Geef de naam van de persoon (hoogstens 120 tekens).
req-error-language = Kies een taal.
req-error-need = Kies een nood.
req-error-postcode = Geef een postcode van vier cijfers.
req-error-postcode-unknown = Deze postcode bestaat niet in België.
req-error-too-long = Dit is te lang.
req-error-invalid = Controleer dit veld.

notice-req-created = De hulpvraag is ingevoerd en het koppelen is gestart.
notice-req-edited = De gegevens zijn opgeslagen.
notice-req-matching = Het koppelen is uitgevoerd: zie het sms-aanbod en de geschiedenis.
notice-req-assigned = De hulpvraag is toegewezen: de vrijwilliger krijgt de gegevens per sms.
notice-req-closed = De hulpvraag is gesloten.
notice-req-reopened = De hulpvraag is weer open: het koppelen begint opnieuw.
