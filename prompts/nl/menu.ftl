### Dutch: The caller's menus: welcome, language, need, postcode, closed, voicemail.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

welcome = { $name }. Zeg of kies uw taal.
language_option = Nederlands, druk { $key }.
operator_option = Een vrijwilliger: druk 0, of blijf aan de lijn.
volunteer_coming = Een vrijwilliger helpt u.
need_intro = Waarmee kunnen we helpen? Zeg het, of druk:
need_option_groceries = Boodschappen: 1.
need_option_pharmacy = Apotheek: 2.
need_option_company = Een babbel: 3.
need_option_other = Iets anders: 4.
closed_short = De lijn is nu gesloten. Spreek na de toon uw naam en nummer in; we bellen u terug.
returning_welcome = { $name }. Welkom terug.
postcode_ask = Uw postcode, alstublieft: zeg of typ de vier cijfers.
postcode_invalid = Sorry, { $postcode } is geen Belgische postcode die we kennen.
postcode_confirmed = { $postcode }, { $place }. Dank u.
no_input = Sorry, we hebben niets gehoord.
invalid_choice = Sorry, dat is geen van de keuzes.
closed = De lijn is nu gesloten. We zijn { $days } open van { $open_from } tot { $open_until }. Spreek na de toon uw naam, uw telefoonnummer en uw vraag in. Een vrijwilliger belt u terug.
voicemail_thanks = Dank u. We hebben uw bericht, en een vrijwilliger belt u terug.
voicemail_empty = We hebben geen bericht ontvangen. Een vrijwilliger belt u terug op dit nummer.
handoff = Een vrijwilliger helpt u zo. Blijf aan de lijn.
error_apology = Het spijt ons, er ging bij ons iets mis.
goodbye = Bedankt om de Solidariteitslijn te bellen. Tot ziens.
need_groceries = boodschappen
need_pharmacy = apotheek
need_company = een babbel
need_other = andere hulp
repeat_option = Om dit te herhalen, druk sterretje.
voicemail_thanks_hidden = Dank u. We hebben uw bericht. Als u uw telefoonnummer hebt ingesproken, belt een vrijwilliger u terug.
voicemail_empty_hidden = We hebben geen bericht ontvangen. Bel ons gerust opnieuw.
postcode_still = Nog steeds { $postcode }, { $place }? Zeg ja of druk 1. Anders: zeg nee of druk 2.
closed_holiday = Vandaag is een feestdag.
days_every = elke dag
days_none = op afspraak
days_range = van { $first } tot en met { $last }
days_one = op { $day }
days_list = op { $rest } en { $last }
weekday_0 = maandag
weekday_1 = dinsdag
weekday_2 = woensdag
weekday_3 = donderdag
weekday_4 = vrijdag
weekday_5 = zaterdag
weekday_6 = zondag
where_to_turn = Bij nood, bel { $emergency }. Voor een luisterend oor, dag en nacht: { $listening }.
where_to_turn_emergency = Bij nood, bel { $emergency }.
either_or = { $first } of { $second }

## Refused calls: a banned number; too many calls in the last hour.
caller_banned = Deze lijn kan uw oproep niet aannemen. Tot ziens.
caller_call_later = U hebt ons het afgelopen uur al vaak gebeld. Gelieve later opnieuw te bellen. Tot ziens.
