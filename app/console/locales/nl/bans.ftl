ban-title = Blokkeerlijst
ban-intro = Nummers die de lijn niet mogen bellen. Een geblokkeerde beller hoort één korte zin en de oproep eindigt; er wordt niets bewaard. Een prefix zoals +3290 blokkeert elk nummer dat ermee begint.
ban-caption = { $count ->
    [0] Geen enkel nummer is geblokkeerd
    [one] Eén blokkering
   *[other] { $count } blokkeringen
}
ban-empty = Niemand is geblokkeerd.
ban-col-number = Nummer of prefix
ban-col-reason = Reden
ban-col-until = Tot
ban-col-by = Toegevoegd door
ban-col-actions = Acties
ban-expired = Verlopen
ban-forever = Tot opgeheven
ban-remove = Opheffen
ban-remove-label = Blokkering van { $number } opheffen
ban-add-heading = Een nummer blokkeren
ban-field-number = Nummer of internationale prefix
ban-hint-number = Een volledig nummer in eender welke vorm, of het begin van nummers met + en de landcode (+3290).
ban-field-reason = Reden
ban-field-until = Tot (niet verplicht)
ban-hint-until = De blokkering eindigt na deze dag. Laat leeg om ze te behouden tot ze wordt opgeheven.
ban-add = Blokkeren
ban-error-number_prefix = Geef een telefoonnummer, of een prefix die begint met + en een landcode.
ban-error-reason = Geef een reden (hoogstens 200 tekens).
ban-error-until = Kies een dag die nog niet voorbij is.
ban-error-expires_at = Kies een dag die nog niet voorbij is.
ban-error-exists = Dit nummer of deze prefix is al geblokkeerd.
notice-ban-added = De blokkering geldt vanaf nu.
notice-ban-removed = De blokkering is opgeheven.
