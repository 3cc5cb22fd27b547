### Dutch: What volunteers hear: the whisper, offers, the duty line, confirmations.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

whisper = Oproep van de lijn: { $language }, { $need }, postcode { $postcode }. Druk 1 om aan te nemen, of 2 om iemand anders te laten helpen.
whisper_callback = Terugbelverzoek: { $language }, { $need }, postcode { $postcode }. Druk 1 om aan te nemen, dan bellen wij hen en verbinden we u.
whisper_no_postcode = onbekend
offer_taken = Dank u, deze oproep is al door een andere vrijwilliger aangenomen. Tot ziens.
offer_declined = Geen probleem, we vragen het aan iemand anders. Tot ziens.
operator_connecting = We verbinden u nu.
duty_menu = Hallo { $name }. U bent { $state }. Om oproepen te beantwoorden, druk 1. Om te stoppen, druk 2.
duty_state_on = in dienst
duty_state_off = niet in dienst
duty_on = U bent nu in dienst. Dank u! We bellen u wanneer iemand u nodig heeft.
duty_off = U bent nu niet meer in dienst. Bedankt voor uw hulp vandaag.
confirmation_call = Goeiedag, hier is de Solidariteitslijn. Goed nieuws: een buur, { $volunteer }, helpt u met { $need }. Die neemt binnenkort contact met u op. Tot ziens.

## The duty line's personal code (PIN)
duty_pin_ask = Toets uw persoonlijke code in, gevolgd door het hekje.
duty_pin_wrong = Die code klopt niet.
duty_pin_needed = Vraag eerst een coördinator om uw persoonlijke code. Tot ziens.
