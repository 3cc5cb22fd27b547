calls-title = Oproepen
calls-filters = Oproepen filteren
calls-filter-purpose = Welke oproepen
calls-filter-from = Van
calls-filter-to = Tot en met
calls-filter-language = Taal
calls-filter-need = Vraag
calls-filter-outcome = Afloop
calls-filter-operator = Telefonist
calls-filter-digits = Nummer eindigt op
calls-filter-digits-hint = 2 tot 10 cijfers
calls-filter-any = Alle
calls-filter-apply = Tonen
calls-filter-reset = Filters wissen

calls-purpose-caller = Bellers
calls-purpose-callback = Terugbelgesprekken
calls-purpose-operator_offer = Gebelde telefonisten
calls-purpose-confirmation = Bevestigingsoproepen
calls-purpose-operator_duty = Dienstlijn
calls-purpose-all = Alle oproepen

calls-outcome-bridged = Beantwoord
calls-outcome-abandoned = Opgehangen tijdens het wachten
calls-outcome-hung_up = Opgehangen in het keuzemenu
calls-outcome-callback = Vroeg om teruggebeld te worden
calls-outcome-voicemail = Liet een bericht achter
calls-outcome-live = Nog bezig
calls-outcome-callback_unanswered = Niet bereikt
calls-outcome-accepted = Aangenomen door de telefonist
calls-outcome-confirmed = Bevestigd
calls-outcome-unanswered = Niet opgenomen
calls-outcome-duty_on = Dienst begonnen
calls-outcome-duty_off = Dienst beëindigd

calls-errors = Enkele filters moeten verbeterd worden.
calls-error-digits = Typ 2 tot 10 cijfers: het einde van het nummer van de beller.
calls-error-date = Typ een datum als jaar-maand-dag, bijvoorbeeld 2026-11-23.
calls-error-date-order = De eerste dag moet vóór de laatste dag komen, of dezelfde zijn.
calls-error-choice = Kies een van de waarden uit de lijst.
calls-error-operator = Kies een telefonist uit de lijst.
calls-error-cursor = Deze pagina van de lijst bestaat niet meer.

calls-caption = { $count ->
    [one] Eén oproep, de nieuwste eerst
   *[other] { $count } oproepen, de nieuwste eerst
}
calls-col-started = Begonnen
calls-col-caller = Nummer
calls-col-purpose = Soort
calls-col-language = Taal
calls-col-need = Vraag
calls-col-outcome = Afloop
calls-col-operator = Telefonist
calls-col-wait = Wachttijd
calls-col-length = Duur
calls-none = Geen enkele oproep past bij deze filters.
calls-pages = Pagina's met oproepen
calls-newer = Nieuwere oproepen
calls-older = Oudere oproepen
calls-first-page = Terug naar de nieuwste oproepen
calls-export = Deze oproepen downloaden (CSV)

calls-detail-title = Oproep { $id }
calls-back = Terug naar de oproepen
calls-summary = Overzicht
calls-number = Nummer
calls-purpose = Soort oproep
calls-language = Taal
calls-outcome = Afloop
calls-started = Begonnen
calls-answered = Beantwoord
calls-connected = Doorverbonden met een telefonist
calls-ended = Beëindigd
calls-wait = Wachttijd
calls-talk = Gesprekstijd
calls-length = Duur van de oproep

calls-operators = { $count ->
    [0] Telefonisten
    [one] Eén telefonist
   *[other] { $count } telefonisten
}
calls-operators-none = Voor deze oproep werd geen telefonist gebeld.
calls-op-col-name = Telefonist
calls-op-col-offered = Gebeld om
calls-op-col-result = Hoe het afliep
calls-op-col-leg = Hun telefoongesprek
calls-op-unknown = Onbekende telefonist
calls-op-leg = Hun oproep ({ $duration })
calls-op-result-accepted = Nam de oproep aan
calls-op-result-declined = Weigerde
calls-op-result-no_answer = Nam niet op
calls-op-result-no_key = Nam op maar drukte geen toets
calls-op-result-voicemail = Hun voicemail nam op
calls-op-result-expired = Ging te lang over
calls-op-result-hung_up = Hing op
calls-op-result-caller_hung_up = De beller hing eerst op
calls-op-result-ringing = Gaat over
calls-op-result-assigned = Bij deze oproep
calls-callbacks = Terugbelgesprekken

calls-request = Hulpvraag
calls-request-none = Deze oproep heeft geen hulpvraag.
calls-request-link = Hulpvraag { $id }
calls-request-status-new = nieuw
calls-request-status-offered = aangeboden aan vrijwilligers
calls-request-status-matched = een vrijwilliger helpt
calls-request-status-done = afgehandeld
calls-request-status-closed = gesloten
calls-voicemail = Ingesproken bericht ({ $duration })
calls-voicemail-no-player = Deze browser kan het bericht hier niet afspelen: download het hieronder.
calls-voicemail-download = Het bericht downloaden

calls-timeline = Verloop
calls-timeline-empty = Voor deze oproep werd niets bijgehouden.
calls-event-incoming = Oproep binnengekomen
calls-event-menu_entered = Keuzemenu
calls-event-input = Toetsen of woorden
calls-event-no_input = Geen antwoord in het menu
calls-event-language_chosen = Taal gekozen
calls-event-need_chosen = Vraag gekozen
calls-event-postcode_given = Postcode gegeven
calls-event-postcode_skipped = Postcode overgeslagen
calls-event-operator_requested = Vroeg naar een telefonist
calls-event-menu_retry = Menu herhaald na een vergissing
calls-event-menu_repeat = Menu herhaald op vraag
calls-event-handed_off = Doorgezet naar de wachtrij
calls-event-out_of_hours = Buiten de openingsuren
calls-event-queued = In de wachtrij
calls-event-offered = Telefonist gebeld
calls-event-offer = Aanbod aan de telefonist
calls-event-offer_ended = Telefonist nam niet aan
calls-event-offer_withdrawn = Bellen gestopt
calls-event-accepted = Telefonist nam aan
calls-event-answered = Telefoon opgenomen
calls-event-bridged = Beller en telefonist verbonden
calls-event-abandoned = Beller hing op tijdens het wachten
calls-event-callback_requested = Vroeg om teruggebeld te worden
calls-event-callback_dialled = Terugbellen
calls-event-voicemail_offered = Voicemail aangeboden
calls-event-recording = Bericht opgenomen
calls-event-status = Status van de oproep
calls-event-hung_up = Oproep beëindigd
calls-event-wrap_up = Telefonist rondt af
calls-event-duty_line = Telefonist belde de dienstlijn
calls-event-duty_on = In dienst
calls-event-duty_off = Uit dienst
