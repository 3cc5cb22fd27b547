### French: le voisin et la personne aidée une fois la demande acceptée : le SMS
### avec les détails, les appels masqués du voisin par la ligne, l'appel de suivi
### de la personne et l'appel après FINI. Les mêmes messages dans chaque langue.

## Le voisin appelle la ligne depuis son numéro enregistré
errand_hello = Bonjour { $name }.
errand_menu_call = Pour appeler la personne de la demande { $code }, { $need } à { $place }, appuyez sur 1.
errand_menu_note = Pour écouter la note du bénévole sur cette demande, appuyez sur 2.
errand_menu_code = Pour appeler la personne d'une autre demande, appuyez sur étoile, puis tapez son code.
errand_menu_duty = Pour votre menu de permanence, appuyez sur 9.
errand_note_intro = La note du bénévole :
errand_code_ask = Tapez les quatre caractères du code de la demande. Pour une lettre, appuyez sur la touche qui la porte.
errand_code_refused = Nous ne pouvons pas vous mettre en relation avec ce code. Vérifiez le code dans votre SMS.
errand_connecting = Nous appelons la personne de la demande { $code }. Elle verra le numéro de la ligne, pas le vôtre.
errand_no_answer = La personne ne répond pas. Réessayez un peu plus tard. Au revoir.
errand_call_ended = Merci pour votre aide. Au revoir.
errand_none = Vous n'avez pas de demande en cours pour le moment. Au revoir.
errand_no_number = Nous n'avons pas de numéro de téléphone pour la personne de la demande { $code }. Contactez un coordinateur. Au revoir.

## La personne aidée appelle pendant que sa demande est en cours
status_matched = Bonjour, ici la Ligne Solidarité. Un voisin, { $volunteer }, va vous aider pour { $need } et vous appellera.
status_searching = Bonjour, ici la Ligne Solidarité. Nous avons bien reçu votre demande pour { $need } et nous cherchons un voisin près de chez vous.
status_coordinator = Bonjour, ici la Ligne Solidarité. Nous avons bien reçu votre demande pour { $need }. Un coordinateur vous appellera bientôt.
status_menu = Pour parler à un bénévole, appuyez sur 1. Si vous n'avez plus besoin d'aide, appuyez sur 2. Pour réécouter, appuyez sur étoile.
status_menu_closed = La ligne est fermée pour le moment. Pour laisser un message ou être rappelé, appuyez sur 1. Si vous n'avez plus besoin d'aide, appuyez sur 2. Pour réécouter, appuyez sur étoile.
status_cancelled = Merci de nous avoir prévenus. Nous avons annulé votre demande. Prenez soin de vous. Au revoir.

## L'appel de suivi après que le voisin a dit que c'était fait
followup_question = Bonjour, ici la Ligne Solidarité. Un voisin, { $volunteer }, devait vous aider pour { $need }. Votre voisin est-il passé ? Si oui, appuyez sur 1. Sinon, appuyez sur 2.
followup_thanks = Merci, nous en sommes heureux. Au revoir.
followup_sorry = Nous en sommes désolés. Un coordinateur vous appellera bientôt. Au revoir.

## SMS au voisin qui a accepté la demande
sms_errand_intro = Merci ! La demande { $code } est pour vous : { $need } à { $place } ({ $postcode }).
sms_errand_name = Nom : { $name }
sms_errand_address = Adresse : { $address }
errand_address = { $street } { $number }
errand_address_box = { $street } { $number } boîte { $box }
sms_errand_needs = Besoin : { $needs }
sms_errand_urgency = Quand : { $urgency ->
    [today] aujourd'hui
    [week] cette semaine
   *[no_rush] sans urgence
}
sms_errand_needed_by = Quand : au plus tard le { $date }
sms_errand_access = Accès : { $notes }
sms_errand_phone = Téléphone : { $phone } (parle { $language }).
sms_errand_language = La personne parle { $language }.
sms_errand_no_details = La personne n'a pas souhaité que son nom et son adresse soient envoyés par SMS : appelez-la pour convenir des détails.
sms_errand_call = Pour l'appeler sans montrer votre numéro, appelez le { $hotline } depuis ce téléphone et appuyez sur 1.
sms_errand_note = Pour écouter la note du bénévole, appelez le { $hotline } et appuyez sur 2.
sms_errand_done = Répondez FINI { $code } quand c'est fait.
sms_errand_cancelled = La demande { $code } n'est plus nécessaire : la personne nous a dit qu'elle n'avait plus besoin d'aide. Merci pour votre gentillesse !
