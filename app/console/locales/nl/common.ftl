app-name = Solidariteitslijn
skip-to-content = Naar de inhoud
nav-label = Onderdelen van de console
nav-board = Live overzicht
nav-calls = Oproepen
nav-requests = Hulpvragen
nav-work = Werklijst
nav-volunteers = Vrijwilligers
nav-reports = Rapporten
language-switch = Taal
logout = Afmelden

login-title = Aanmelden bij de console
login-username = Gebruikersnaam
login-password = Wachtwoord
login-submit = Aanmelden
login-invalid = Verkeerde gebruikersnaam of wachtwoord.
login-throttled = Te veel mislukte pogingen. Probeer opnieuw over { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } seconden
}.

error-title = Dit kon niet
error-status-400 = Het formulier bevat een fout.
error-status-403 = Deze actie werd geweigerd: het formulier is misschien verlopen. Laad de pagina opnieuw en probeer nog eens.
error-status-404 = Dit bestaat niet meer.
error-status-409 = Iemand of iets heeft dit intussen gewijzigd.
error-status-other = Er ging bij ons iets mis.
error-detail = Technische details (in het Engels)
error-back = Terug naar het live overzicht

lang-nl = Nederlands
lang-fr = Frans
lang-en = Engels
lang-de = Duits

need-groceries = Boodschappen
need-pharmacy = Apotheek
need-company = Een babbel
need-other = Andere hulp

op-state-available = Beschikbaar
op-state-ringing = Gaat over
op-state-on_call = In gesprek
op-state-wrap_up = Nawerk
op-state-away = Afwezig
