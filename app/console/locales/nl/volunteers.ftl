vol-title = Vrijwilligers
vol-add = Vrijwilliger toevoegen
vol-import = Importeren uit een CSV-bestand
vol-coverage-link = Bezetting volgende week
vol-filters = De lijst filteren
vol-filter-name = Naam bevat
vol-filter-role = Rol
vol-filter-language = Taal
vol-filter-duty = Dienst
vol-filter-status = Status
vol-filter-any = Alle
vol-filter-apply = Filteren
vol-filter-reset = Filters wissen
vol-status-active = Actief
vol-status-inactive = Gedeactiveerd
vol-status-all = Actief en gedeactiveerd
vol-role-operator = Telefonist
vol-role-field = Veldvrijwilliger
vol-duty-offline = Niet in dienst
vol-duty-available = In dienst
vol-duty-away = Afwezig
vol-roster-caption = { $count ->
    [0] Geen vrijwilliger
    [one] Eén vrijwilliger
   *[other] { $count } vrijwilligers
}
vol-roster-range = { $first }–{ $last } van { $total }
vol-roster-empty = Geen vrijwilliger voldoet aan deze filters.
vol-runs-since = Ritten deze maand: boodschappen die sinds { $date } aan de vrijwilliger zijn toegewezen.
vol-col-name = Naam
vol-col-phone = Telefoon
vol-col-roles = Rollen
vol-col-languages = Talen
vol-col-home = Woonplaats
vol-col-duty = Dienst
vol-col-runs = Ritten deze maand
vol-col-sms = Sms
vol-sms-opted-out = Afgemeld
vol-sms-ok = Ja
vol-inactive-badge = gedeactiveerd
vol-previous = Vorige pagina
vol-next = Volgende pagina
vol-pages = Pagina’s van de lijst

vol-new-title = Vrijwilliger toevoegen
vol-field-name = Naam
vol-field-phone_number = Telefoonnummer
vol-field-languages = Talen
vol-field-roles = Rollen
vol-field-home_postcode = Postcode woonplaats
vol-field-needs = Boodschappen die ze doen
vol-field-radius_km = Afstand die ze afleggen (km)
vol-field-weekly_cap = Hoogstens boodschappen per week
vol-field-weekday = Dag
vol-field-starts = Van
vol-field-ends = Tot
vol-hint-phone = Belgische nummers mag u typen als 0470 12 34 56.
vol-field-details = Veldvrijwilligers
vol-hint-field = Een veldvrijwilliger heeft een postcode en minstens één soort boodschap nodig.
vol-hint-radius = Leeg laten voor de gewone afstand.
vol-save-new = Vrijwilliger toevoegen
vol-errors-summary = { $count ->
    [one] Het formulier bevat één fout:
   *[other] Het formulier bevat { $count } fouten:
}
vol-problem = { $field }: { $problem }
vol-error-required = Vul dit in.
vol-error-too-long = Hoogstens { $limit } tekens.
vol-error-postcode = Vier cijfers, bijvoorbeeld 1030.
vol-error-choice = “{ $value }” is geen van de keuzes.
vol-error-phone = Geen geldig telefoonnummer.
vol-error-phone-taken = Een andere vrijwilliger heeft dit telefoonnummer al.
vol-error-languages-empty = Kies minstens één taal.
vol-error-languages-repeat = Een taal staat er twee keer.
vol-error-roles-missing = Kies telefonist, veldvrijwilliger of beide.
vol-error-field-details = Een veldvrijwilliger heeft een postcode en minstens één soort boodschap nodig.
vol-error-shift-empty = Een dienst moet op een ander uur eindigen dan hij begint.
vol-error-number = Typ een getal.
vol-error-whole-number = Typ een geheel getal.
vol-error-greater-than = Moet meer zijn dan { $limit }.
vol-error-at-least = Moet minstens { $limit } zijn.
vol-error-less-than = Moet minder zijn dan { $limit }.
vol-error-at-most = Mag hoogstens { $limit } zijn.
vol-error-time = Typ een uur, bijvoorbeeld 09:00.
vol-error-invalid = Deze waarde wordt niet aanvaard.

vol-created-title = { $name } is toegevoegd
vol-token-intro = Dit is de persoonlijke dienstcode van { $name }. Geef ze aan hen: daarmee gaan ze in en uit dienst via de dienst-app. Ze wordt alleen nu getoond en kan later niet meer worden gelezen.
vol-token-label = Dienstcode
vol-created-open = Pagina van { $name } openen (diensten, gegevens)
vol-back-to-roster = Terug naar de lijst

vol-import-title = Vrijwilligers importeren uit een CSV-bestand
vol-import-intro = Eén vrijwilliger per regel, met een eerste regel die de kolommen noemt: name, phone, languages, roles; voor veldvrijwilligers ook postcode, needs, radius_km, weekly_cap. Scheid lijsten met ; (bijvoorbeeld nl;fr of operator;field).
vol-import-all-or-none = Alle regels worden geïmporteerd of geen enkele: een bestand met fouten importeert niets.
vol-import-file = CSV-bestand
vol-import-text = Of plak de CSV-tekst
vol-import-submit = Importeren
vol-import-rejected = { $count ->
    [one] Eén regel bevat een fout, dus er is niets geïmporteerd. Verbeter ze en importeer opnieuw.
   *[other] { $count } regels bevatten fouten, dus er is niets geïmporteerd. Verbeter ze en importeer opnieuw.
}
vol-import-lines-caption = Te verbeteren regels
vol-col-line = Regel
vol-col-problem = Probleem
vol-import-too-big = Het bestand is groter dan { $kb } kB: splits het op.
vol-import-empty = Kies een bestand of plak de CSV-tekst.
vol-import-unreadable = Dit is niet leesbaar als CSV (zoek een aanhalingsteken dat niet gesloten is).
vol-import-missing-columns = Kolommen die ontbreken in de eerste regel: { $columns }.
vol-import-unknown-columns = Onbekende kolommen: { $columns }.
vol-import-too-many-rows = Te veel regels voor één import: splits het bestand op.
vol-import-more-fields = Meer waarden dan kolommen.
vol-import-unknown-roles = Onbekende rol { $roles } (gebruik operator of field).
vol-import-repeated-phone = Hetzelfde telefoonnummer als regel { $line }.
vol-import-phone-taken = Dit telefoonnummer hoort al bij een vrijwilliger.
vol-import-no-rows = Het bestand bevat geen regels met vrijwilligers.

vol-details = Gegevens
vol-save = Wijzigingen bewaren
vol-status = Status
vol-deactivated-note = { $name } is gedeactiveerd: krijgt geen oproepen en geen boodschappen aangeboden.
vol-sms-opted-out-long = Wil geen sms meer ontvangen.
vol-sms-ok-long = Ontvangt aanbiedingen per sms.
vol-added = Toegevoegd op
vol-deactivate = Deactiveren
vol-deactivate-hint = Een gedeactiveerde vrijwilliger krijgt geen oproepen en geen boodschappen aangeboden; een telefonist in dienst gaat meteen uit dienst.
vol-deactivate-confirm = { $name } deactiveren?
vol-reactivate = Opnieuw activeren
vol-shifts = Wekelijkse diensten
vol-shifts-intro = Een telefonist gaat in dienst wanneer een dienst begint en uit dienst wanneer hij eindigt. Een dienst die eindigt vóór hij begint, eindigt de volgende dag.
vol-shifts-none = Nog geen wekelijkse dienst.
vol-shifts-not-operator = Wekelijkse diensten zijn voor telefonisten.
vol-shift-next-day = (volgende dag)
vol-shift-remove = Verwijderen
vol-shift-remove-label = De dienst op { $day } van { $starts } tot { $ends } verwijderen
vol-shift-add = Dienst toevoegen
vol-shift-add-submit = Dienst toevoegen
vol-col-actions = Acties

vol-coverage-title = Bezetting volgende week
vol-coverage-week = Van { $from } tot { $until }.
vol-coverage-intro = Voor elk uur dat de hotline open is: hoeveel telefonisten die de taal spreken een wekelijkse dienst hebben die het hele uur dekt. Een uur zonder iemand is een gat.
vol-coverage-gaps = { $count ->
    [0] geen gat
    [one] één gat
   *[other] { $count } gaten
}
vol-coverage-summary = Gaten per taal
vol-coverage-hour = Uur
vol-coverage-gap-cell = 0 — gat
vol-coverage-closed = gesloten
vol-coverage-none = De hotline is de hele week gesloten.

notice-vol-created = De vrijwilliger is toegevoegd.
notice-vol-saved = De wijzigingen zijn bewaard.
notice-vol-imported = Alle regels van het bestand zijn geïmporteerd.
notice-vol-deactivated = De vrijwilliger is gedeactiveerd.
notice-vol-reactivated = De vrijwilliger is weer actief.
notice-vol-shift-added = De dienst is toegevoegd.
notice-vol-shift-removed = De dienst is verwijderd.
