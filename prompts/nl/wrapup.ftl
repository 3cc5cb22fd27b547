### Nederlands: de afronding door de operator aan de telefoon nadat de beller
### ophing, en de sms met de persoonlijke pagina van de operator. Dezelfde
### berichten in elke taal (tests controleren het); { $name } vult de app in.

wrapup_menu = De beller heeft opgehangen. Druk 1 als een buur deze persoon moet helpen, 2 als het aan de telefoon is opgelost, 3 als een coördinator het moet opvolgen.
wrapup_record = Zeg na de toon de naam, het adres en wat er nodig is. Druk daarna op hekje.
wrapup_recorded = Dank u, uw notitie is bij de aanvraag gevoegd. Tot ziens.
wrapup_no_note = Er is geen notitie opgenomen; uw keuze blijft bewaard. Tot ziens.
wrapup_solved = Dank u, de aanvraag is afgesloten als opgelost aan de telefoon. Tot ziens.
wrapup_no_choice = Er is niets gekozen; de aanvraag loopt gewoon verder. Tot ziens.
sms_operator_page = Hulplijn: uw pagina voor de oproepen die u aanneemt, geldig { $hours ->
    [one] gedurende één uur
   *[other] gedurende { $hours } uur
}: { $link }
