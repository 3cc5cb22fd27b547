rep-title = Rapporten
rep-period-choose = Kies de periode
rep-from = Van
rep-to = Tot en met
rep-show = Tonen
rep-last-7-days = Laatste 7 dagen
rep-period-hint = Datums in Brusselse tijd; beide dagen tellen mee; hoogstens { $max } dagen.
rep-period = { $from } tot en met { $to } ({ $days ->
    [one] één dag
   *[other] { $days } dagen
})
rep-error-date = Geef een datum zoals 2026-10-25.
rep-error-order = De einddatum ligt vóór de begindatum.
rep-error-too-long = Een rapport beslaat hoogstens { $max } dagen; deze periode telt { $days } dagen.

rep-summary = Overzicht
rep-fig-requests = Hulpvragen
rep-definitions = Hoe deze cijfers geteld worden
rep-def-answered = Bellers die met een operator verbonden werden.
rep-def-abandoned = Bellers die ophingen terwijl ze in de wachtrij stonden.
rep-def-other = Alle andere oproepen: terugbelverzoek, voicemail, buiten de openingsuren, opgehangen in het keuzemenu, of nog bezig.
rep-def-asa = Gemiddelde antwoordsnelheid: de gemiddelde wachttijd van beantwoorde bellers.
rep-def-average-wait = De gemiddelde wachttijd van beantwoorde en afgehaakte bellers.
rep-def-p90-wait = Negen op tien beantwoorde of afgehaakte bellers wachtten zo lang of korter.
rep-def-service-level = Bellers beantwoord binnen { $seconds } seconden, op alle beantwoorde en afgehaakte bellers.
rep-def-callbacks = Gevraagd: bellers die kozen om teruggebeld te worden. Bereikt: terugbelgesprekken die de beller opnam. Niet bereikt: terugbeloproepen die niemand opnam (een terugbelverzoek kan meer dan eens geprobeerd worden).
rep-def-requests = Hulpvragen uit de periode, per nood en volgens hoe ze er vandaag voor staan; de tijden lopen van de vraag tot het ja van een vrijwilliger en tot de klus gedaan is.
rep-def-talk-time = Tijd aan de telefoon van de operator voor de oproepen die hij of zij aannam, de korte aankondiging van elke oproep inbegrepen.

rep-section-days = Oproepen per dag
rep-section-hours = Oproepen per uur van de dag
rep-section-languages = Oproepen per taal
rep-section-callbacks = Terugbellen
rep-section-requests = Hulpvragen
rep-section-volunteers = Activiteit van vrijwilligers

rep-table-days = Oproepen per dag
rep-table-hours = Oproepen per uur van de dag
rep-table-languages = Oproepen per taal
rep-table-callbacks = Terugbellen per dag
rep-table-requests = Hulpvragen per nood en uitkomst
rep-table-request-times = Tijd tot een vrijwilliger en tot gedaan
rep-table-operators = Operators
rep-table-field-volunteers = Vrijwilligers op het terrein

rep-col-day = Dag
rep-col-hour = Uur
rep-col-language = Taal
rep-col-calls = Oproepen
rep-col-answered = Beantwoord
rep-col-abandoned = Afgehaakt
rep-col-other = Andere
rep-col-asa = Gemiddelde antwoordsnelheid
rep-col-average-wait = Gemiddelde wachttijd
rep-col-p90-wait = 90% wachtte hoogstens
rep-col-service-level = Beantwoord binnen { $seconds } s
rep-col-callbacks-requested = Terugbellen gevraagd
rep-col-callbacks-reached = Bereikt
rep-col-callbacks-unanswered = Niet bereikt
rep-col-need = Nood
rep-col-total = Totaal
rep-col-requests = Vragen
rep-col-matched = Vrijwilliger gevonden
rep-col-median-to-match = Mediaan tot een vrijwilliger
rep-col-average-to-match = Gemiddelde tot een vrijwilliger
rep-col-done = Gedaan
rep-col-median-to-done = Mediaan tot gedaan
rep-col-average-to-done = Gemiddelde tot gedaan
rep-col-operator = Operator
rep-col-offers = Oproepen aangeboden
rep-col-calls-answered = Oproepen aangenomen
rep-col-talk-time = Gesprekstijd
rep-col-average-talk = Gemiddeld per oproep
rep-col-volunteer = Vrijwilliger
rep-col-sms-offers = Vragen aangeboden per sms
rep-col-runs-matched = Klussen aangenomen
rep-col-runs-done = Klussen gedaan

rep-outcome-new = Nieuw
rep-outcome-offered = Aangeboden
rep-outcome-matched = Heeft een vrijwilliger
rep-outcome-done = Gedaan
rep-outcome-closed_no_volunteer_found = Gesloten: geen vrijwilliger gevonden
rep-outcome-closed_no_longer_needed = Gesloten: niet meer nodig
rep-outcome-closed_unreachable = Gesloten: onbereikbaar
rep-outcome-closed_duplicate = Gesloten: dubbel
rep-outcome-closed_other = Gesloten: andere reden

rep-total = Totaal
rep-lang-unknown = Geen taal gekozen
rep-need-unknown = Geen nood opgegeven

rep-chart-days-title = Oproepen per dag
rep-chart-days-desc = Staafdiagram van beantwoorde, afgehaakte en andere oproepen voor elke dag van { $from } tot en met { $to }. De tabel „Oproepen per dag” bevat dezelfde cijfers.
rep-chart-hours-title = Oproepen per uur van de dag
rep-chart-hours-desc = Staafdiagram van beantwoorde, afgehaakte en andere oproepen volgens het uur waarop ze binnenkwamen, van { $from } tot en met { $to }. De tabel „Oproepen per uur van de dag” bevat dezelfde cijfers.
rep-chart-service-title = Beantwoord binnen { $seconds } seconden, per dag
rep-chart-service-desc = Lijndiagram van het serviceniveau voor elke dag van { $from } tot en met { $to }, van 0 tot 100%. De tabel „Oproepen per dag” bevat dezelfde cijfers.
rep-chart-no-data = Geen oproepen in deze periode

rep-download-csv = „{ $table }” downloaden (CSV)
rep-empty-calls = Geen oproepen in deze periode.
rep-empty-requests = Geen hulpvragen in deze periode.
rep-empty-operators = Geen enkele operator kreeg een oproep aangeboden in deze periode.
rep-empty-field-volunteers = Geen enkele vrijwilliger op het terrein was actief in deze periode.
