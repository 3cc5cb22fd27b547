### French: While waiting: position, estimate, keys; the overflow choice; callbacks.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

hold_position = Vous êtes numéro { $position } dans la file.
hold_estimate = { $minutes ->
    [one] Le temps d'attente prévu est d'environ une minute.
   *[other] Le temps d'attente prévu est d'environ { $minutes } minutes.
}
hold_music_note = Un instant s'il vous plaît, un bénévole va vous répondre.
callback_confirmed = Merci. Un bénévole vous rappellera à ce numéro dès que possible. Au revoir.
callback_unavailable = Nous ne pouvons pas vous rappeler, car votre numéro est masqué. Restez en ligne, s'il vous plaît.
nobody_available = Nous sommes désolés, tous les bénévoles sont occupés pour le moment.
voicemail_prompt = Après le bip, dites votre nom, votre numéro de téléphone et comment nous pouvons vous aider. Puis raccrochez ou appuyez sur dièse.
connecting = Nous vous mettons en relation avec un bénévole.
overflow_callback_option = Pour être rappelé, dites « rappeler » ou appuyez sur 1.
overflow_message_option = Pour laisser un message, dites « message » ou appuyez sur 2.
overflow_wait_option = Pour continuer à attendre un bénévole, dites « attendre » ou appuyez sur 0.
hold_next = Vous êtes le prochain.
hold_estimate_soon = Un bénévole sera avec vous dans moins d'une minute.
hold_keys = Pour être rappelé, appuyez sur 1 ; vous gardez votre place. Pour laisser un message, appuyez sur 2. Pour réécouter, appuyez sur étoile.
hold_keys_hidden = Pour laisser un message, appuyez sur 2. Pour réécouter, appuyez sur étoile.
