# Wie wat mag zien: persoonsgegevens volledig tonen, de pagina van de operator, het auditlogboek.

nav-me = Mijn dienst
nav-audit = Auditlogboek

access-reveal = Nummer, naam en adres volledig tonen
access-reveal-help = Uw naam en het tijdstip worden in het auditlogboek geschreven.
access-revealed = Volledig getoond op uw vraag; dit staat nu in het auditlogboek.
access-edit-hint = Toon de naam, het adres en de notities eerst volledig om ze te wijzigen.

me-title = Mijn dienst en mijn oproepen
me-duty = Dienst
me-duty-state = U bent { $state ->
    [available] in dienst
    [away] in dienst, als afwezig gemarkeerd
   *[offline] niet in dienst
}.
me-go-on = Oproepen aannemen
me-go-off = Stoppen met oproepen aannemen
me-calls = Mijn lopende en recente oproepen
me-col-when = Wanneer
me-col-caller = Beller
me-col-language = Taal
me-col-outcome = Afloop
me-live = bezig
me-no-calls = Nog geen oproepen.
notice-me-on = U bent in dienst: oproepen kunnen u nu bereiken.
notice-me-off = U bent niet meer in dienst.

audit-title = Auditlogboek
audit-intro = Wie de gegevens van een persoon volledig bekeek, gegevens exporteerde, of een aanvraag, een vrijwilliger, een account of een instelling wijzigde, en wanneer. Vermeldingen worden nooit gewijzigd.
audit-filters = Het auditlogboek filteren
audit-filter = Filteren
audit-col-at = Wanneer
audit-col-actor = Wie
audit-col-action = Handeling
audit-col-subject = Waarop
audit-col-detail = Details
audit-caption = { $count ->
    [one] { $count } vermelding
   *[other] { $count } vermeldingen
}
audit-empty = Geen vermeldingen gevonden.
audit-export-csv = Exporteren als CSV
audit-export-json = Exporteren als JSON
audit-pages = Pagina's van het auditlogboek
audit-newer = Recentere vermeldingen
audit-older = Oudere vermeldingen
