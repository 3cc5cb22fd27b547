### French: The caller's menus: welcome, language, need, postcode, closed, voicemail.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

welcome = { $name }. Dites ou choisissez votre langue.
language_option = Français, appuyez sur { $key }.
operator_option = Un bénévole : appuyez sur 0, ou restez en ligne.
volunteer_coming = Un bénévole vous aide.
need_intro = Comment vous aider ? Dites-le, ou appuyez :
need_option_groceries = Courses : 1.
need_option_pharmacy = Pharmacie : 2.
need_option_company = Bavarder : 3.
need_option_other = Autre chose : 4.
closed_short = La ligne est fermée. Après le bip, dites votre nom et votre numéro ; nous vous rappellerons.
returning_welcome = { $name }. Bon retour.
postcode_ask = Votre code postal, s'il vous plaît : dites ou tapez les quatre chiffres.
postcode_invalid = Désolé, { $postcode } n'est pas un code postal belge que nous connaissons.
postcode_confirmed = { $postcode }, { $place }. Merci.
no_input = Désolé, nous n'avons rien entendu.
invalid_choice = Désolé, ce n'est pas un des choix.
closed = La ligne est fermée pour le moment. Nous sommes ouverts { $days } de { $open_from } à { $open_until }. Après le bip, dites votre nom, votre numéro de téléphone et comment nous pouvons vous aider. Un bénévole vous rappellera.
voicemail_thanks = Merci. Nous avons votre message, et un bénévole vous rappellera.
voicemail_empty = Nous n'avons pas reçu de message. Un bénévole vous rappellera à ce numéro.
handoff = Un bénévole va vous aider. Restez en ligne.
error_apology = Nous sommes désolés, un problème est survenu de notre côté.
goodbye = Merci d'avoir appelé la Ligne Solidarité. Au revoir.
need_groceries = courses
need_pharmacy = pharmacie
need_company = bavarder
need_other = autre aide
repeat_option = Pour réécouter, appuyez sur étoile.
voicemail_thanks_hidden = Merci. Nous avons votre message. Si vous avez donné votre numéro de téléphone, un bénévole vous rappellera.
voicemail_empty_hidden = Nous n'avons pas reçu de message. N'hésitez pas à rappeler.
postcode_still = Toujours { $postcode }, { $place } ? Dites oui ou appuyez sur 1. Sinon : dites non ou appuyez sur 2.
closed_holiday = Aujourd'hui est un jour férié.
days_every = tous les jours
days_none = sur rendez-vous
days_range = du { $first } au { $last }
days_one = le { $day }
days_list = le { $rest } et { $last }
weekday_0 = lundi
weekday_1 = mardi
weekday_2 = mercredi
weekday_3 = jeudi
weekday_4 = vendredi
weekday_5 = samedi
weekday_6 = dimanche
where_to_turn = En cas d'urgence, appelez le { $emergency }. Pour parler à quelqu'un qui écoute, jour et nuit : { $listening }.
where_to_turn_emergency = En cas d'urgence, appelez le { $emergency }.
either_or = { $first } ou { $second }

## Refused calls: a banned number; too many calls in the last hour.
caller_banned = Cette ligne ne peut pas prendre votre appel. Au revoir.
caller_call_later = Vous nous avez appelés de nombreuses fois au cours de la dernière heure. Veuillez rappeler plus tard. Au revoir.
