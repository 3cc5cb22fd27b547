tok-nav = API-sleutels
tok-title = API-sleutels
tok-intro = Met een sleutel gebruikt een programma de API van de hulplijn in uw naam. Geef elk programma een eigen sleutel, zodat u er één kunt intrekken zonder de andere te stoppen.
tok-caption = { $count ->
    [0] U hebt geen API-sleutel
    [one] Eén API-sleutel
   *[other] { $count } API-sleutels
}
tok-empty = U hebt nog geen API-sleutel.
tok-col-name = Naam
tok-col-created = Gemaakt
tok-col-last-used = Laatst gebruikt
tok-col-expires = Verloopt
tok-col-state = Toestand
tok-col-actions = Acties
tok-unnamed = (zonder naam)
tok-never-used = Nooit
tok-never-expires = Nooit
tok-state-active = Actief
tok-state-expired = Verlopen
tok-state-revoked = Ingetrokken
tok-revoke = Intrekken
tok-revoke-label = De sleutel { $name } intrekken
tok-add-heading = Een sleutel maken
tok-field-name = Naam
tok-hint-name = Waarvoor de sleutel dient, bijvoorbeeld "export boekhouding".
tok-field-expiry = Verloopt
tok-expiry-days = { $days ->
    [one] Na één dag
   *[other] Na { $days } dagen
}
tok-expiry-never = Nooit
tok-add = Sleutel maken
tok-issued-heading = Uw nieuwe sleutel "{ $name }"
tok-issued-once = Kopieer hem nu: hij wordt alleen deze keer getoond.
tok-issued-label = Sleutel
tok-error-name = Geef de sleutel een naam (hoogstens 60 tekens).
tok-error-expiry = Kies een van de vervaltermijnen.
notice-tok-revoked = De sleutel is ingetrokken en werkt niet meer.
