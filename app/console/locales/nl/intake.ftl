# Wat een buur moet weten, de afronding door de operator, triage en CSV-import
# (het scherm met aanvragen).

req-field-needs-text = Wat er nodig is, in hun woorden
req-needs-text-hint = Wat de persoon vroeg, zoals die het zei.
req-field-urgency = Hoe dringend
req-urgency-today = Vandaag
req-urgency-week = Deze week
req-urgency-no_rush = Geen haast
req-field-needed-by = Nodig tegen
req-field-access = Toegang
req-access-hint = Verdieping, bel, lift, een hond …
req-field-consent = De persoon gaat ermee akkoord dat de ene buur die de boodschap doet, de naam, het adres en deze gegevens krijgt.
req-consent-yes = Akkoord: één buur mag deze gegevens krijgen
req-consent-no = (Nog) geen akkoord: de buur krijgt geen gegevens
req-field-wrapup = Afronding door de operator
req-wrapup-outcome = { $outcome ->
    [neighbour] een buur moet helpen
    [solved] opgelost aan de telefoon
    [coordinator] een coördinator moet opvolgen
   *[other] { $outcome }
}
req-wrapup-none = geen
req-wrapup-note = Ingesproken notitie van de operator
req-awaiting-approval = Wacht op goedkeuring door een coördinator (triage)
req-approved = Goedgekeurd door { $actor }
req-approve = Goedkeuren
req-approve-help = Triage: buren in de buurt krijgen een sms-aanbod zodra een coördinator goedkeurt.
req-approve-submit = Goedkeuren en de buren sms'en
notice-req-approved = Goedgekeurd: vrijwilligers in de buurt krijgen een sms-aanbod.
req-field-calls = Oproepen
req-call-n = oproep { $n }
req-reason-solved_on_phone = Opgelost aan de telefoon
req-card-to-approve = goed te keuren
req-import-link = Importeren uit CSV
req-import-title = Aanvragen importeren uit CSV
req-import-help = Eén aanvraag per regel. Kolommen: phone, name, language, need, postcode; optioneel street, number, box, needs_text, urgency (today, week, no_rush), needed_by (JJJJ-MM-DD), access_notes, consent (yes of no), notes, organisation. Elke regel wordt gecontroleerd: is er één fout, dan wordt niets geïmporteerd.
req-import-file = CSV-bestand
req-import-submit = Importeren
req-import-errors = Er is niets geïmporteerd. Verbeter deze regels en probeer opnieuw:
req-import-empty = Kies een CSV-bestand.
notice-req-imported = De aanvragen zijn geïmporteerd en gaan naar de buren.
