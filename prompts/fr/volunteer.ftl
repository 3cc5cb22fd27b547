### French: What volunteers hear: the whisper, offers, the duty line, confirmations.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

whisper = Appel de la ligne: { $language }, { $need }, code postal { $postcode }. Appuyez sur 1 pour accepter, ou sur 2 pour laisser un autre bénévole répondre.
whisper_callback = Demande de rappel: { $language }, { $need }, code postal { $postcode }. Appuyez sur 1 pour accepter, nous les appellerons et vous mettrons en relation.
whisper_no_postcode = inconnu
offer_taken = Merci, cet appel a déjà été pris par un autre bénévole. Au revoir.
offer_declined = Pas de problème, nous le proposerons à quelqu'un d'autre. Au revoir.
operator_connecting = Nous vous connectons.
duty_menu = Bonjour { $name }. Vous êtes { $state }. Pour commencer à prendre des appels, appuyez sur 1. Pour arrêter, appuyez sur 2.
duty_state_on = en service
duty_state_off = hors service
duty_on = Vous êtes maintenant en service. Merci! Nous vous appellerons quand quelqu'un aura besoin de vous.
duty_off = Vous n'êtes plus en service. Merci pour votre aide aujourd'hui.
confirmation_call = Bonjour, ici la Ligne Solidarité. Bonne nouvelle: un voisin, { $volunteer }, va vous aider pour { $need }. Il vous contactera bientôt. Au revoir.

## The duty line's personal code (PIN)
duty_pin_ask = Veuillez composer votre code personnel, puis la touche dièse.
duty_pin_wrong = Ce code n'est pas correct.
duty_pin_needed = Demandez d'abord votre code personnel à un coordinateur. Au revoir.
