### Dutch: de buur en de aanvrager zodra een vraag aangenomen is: de sms met de
### gegevens, de afgeschermde oproepen van de buur via de lijn, de statusoproep van
### de aanvrager en de opvolgoproep na KLAAR. Dezelfde berichten in elke taal.

## De buur belt de lijn vanaf het geregistreerde nummer
errand_hello = Dag { $name }.
errand_menu_call = Om de persoon van vraag { $code } te bellen, { $need } in { $place }, druk 1.
errand_menu_note = Om de gesproken notitie van de vrijwilliger over deze vraag te horen, druk 2.
errand_menu_code = Om de persoon van een andere vraag te bellen, druk sterretje en typ dan de code.
errand_menu_duty = Voor uw dienstmenu, druk 9.
errand_note_intro = De notitie van de vrijwilliger:
errand_code_ask = Typ de vier tekens van de code van de vraag. Voor een letter drukt u op de toets waarop die staat.
errand_code_refused = Met deze code kunnen we u niet doorverbinden. Kijk de code in uw sms even na.
errand_connecting = We bellen de persoon van vraag { $code }. Die ziet het nummer van de lijn, niet het uwe.
errand_no_answer = De persoon neemt niet op. Probeer het wat later opnieuw. Tot ziens.
errand_call_ended = Dank u voor uw hulp. Tot ziens.
errand_none = U hebt op dit moment geen lopende vraag. Tot ziens.
errand_no_number = We hebben geen telefoonnummer van de persoon van vraag { $code }. Neem contact op met een coördinator. Tot ziens.

## De aanvrager belt terwijl de vraag nog loopt
status_matched = Goeiedag, hier is de Solidariteitslijn. Een buur, { $volunteer }, helpt u met { $need } en belt u op.
status_searching = Goeiedag, hier is de Solidariteitslijn. We hebben uw vraag voor { $need } goed ontvangen en zoeken een buur in uw buurt.
status_coordinator = Goeiedag, hier is de Solidariteitslijn. We hebben uw vraag voor { $need } goed ontvangen. Een coördinator belt u binnenkort.
status_menu = Om met een vrijwilliger te spreken, druk 1. Als u geen hulp meer nodig hebt, druk 2. Om dit opnieuw te horen, druk sterretje.
status_menu_closed = De lijn is nu gesloten. Om een bericht in te spreken of teruggebeld te worden, druk 1. Als u geen hulp meer nodig hebt, druk 2. Om dit opnieuw te horen, druk sterretje.
status_cancelled = Dank u om het ons te laten weten. We hebben uw vraag geannuleerd. Het beste. Tot ziens.

## De opvolgoproep nadat de buur liet weten dat het gedaan is
followup_question = Goeiedag, hier is de Solidariteitslijn. Een buur, { $volunteer }, zou u helpen met { $need }. Is uw buur langsgekomen? Zo ja, druk 1. Zo niet, druk 2.
followup_thanks = Dank u, dat doet ons plezier. Tot ziens.
followup_sorry = Dat spijt ons. Een coördinator belt u binnenkort. Tot ziens.

## Sms'en aan de buur die de vraag aannam
sms_errand_intro = Dank u! Vraag { $code } is voor u: { $need } in { $place } ({ $postcode }).
sms_errand_name = Naam: { $name }
sms_errand_address = Adres: { $address }
errand_address = { $street } { $number }
errand_address_box = { $street } { $number } bus { $box }
sms_errand_needs = Nodig: { $needs }
sms_errand_urgency = Wanneer: { $urgency ->
    [today] vandaag
    [week] deze week
   *[no_rush] geen haast
}
sms_errand_needed_by = Wanneer: uiterlijk { $date }
sms_errand_access = Toegang: { $notes }
sms_errand_phone = Telefoon: { $phone } (spreekt { $language }).
sms_errand_language = De persoon spreekt { $language }.
sms_errand_no_details = De persoon wilde naam en adres niet per sms laten doorgeven: bel om af te spreken.
sms_errand_call = Om te bellen zonder uw nummer te tonen: bel { $hotline } vanaf deze telefoon en druk 1.
sms_errand_note = Om de notitie van de vrijwilliger te horen: bel { $hotline } en druk 2.
sms_errand_done = Antwoord KLAAR { $code } als het gedaan is.
sms_errand_cancelled = Vraag { $code } is niet meer nodig: de persoon liet ons weten dat er geen hulp meer nodig is. Dank u voor uw goedheid!
