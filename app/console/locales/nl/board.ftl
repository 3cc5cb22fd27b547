board-title = Live overzicht
board-today = Vandaag
fig-calls = Oproepen
fig-answered = Beantwoord
fig-abandoned = Opgehangen
fig-asa = Gemiddelde wachttijd
fig-service-level = Binnen 60 s beantwoord
fig-callbacks-pending = Terugbelverzoeken
fig-voicemails-open = Voicemails te behandelen
board-waiting = { $count ->
    [0] Niemand wacht
    [one] Eén beller wacht
   *[other] { $count } bellers wachten
}
board-nobody-waiting = Op dit moment wacht niemand.
board-longest-wait = langste wachttijd
board-callback-asked = Wil teruggebeld worden
board-being-offered = Operator wordt gebeld
board-ring-now = Nu bellen
board-operators = { $count ->
    [0] Geen operator van dienst
    [one] Eén operator van dienst
   *[other] { $count } operators van dienst
}
board-nobody-on-duty = Niemand is van dienst.
col-caller = Beller
col-need = Vraag
col-place = Postcode
col-waiting = Wacht
col-status = Status
col-actions = Acties
col-name = Naam
col-languages = Talen
col-state = Toestand
col-since = Sinds
op-set-away = Afwezig zetten
op-set-available = Beschikbaar zetten
notice-operator-away = De operator staat op afwezig: er worden geen oproepen meer aangeboden.
notice-operator-available = De operator is weer beschikbaar.
notice-callback-ringing = Het terugbelverzoek staat vooraan: de eerstvolgende vrije operator krijgt het.
