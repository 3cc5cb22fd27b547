### French: Text messages to volunteers.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

sms_offer = Ligne Solidarité: un voisin à { $place } a besoin d'aide pour { $need }. Pouvez-vous aider cette semaine? Répondez OUI { $code } ou NON { $code }.
sms_taken = Merci! La demande { $code } a déjà été prise par un autre voisin.
sms_declined = Pas de problème, nous demanderons { $code } à quelqu'un d'autre.
sms_done = Merci pour votre aide avec { $code }!
sms_stop = Vous ne recevrez plus de demandes par SMS. Répondez COMMENCER pour les recevoir à nouveau.
sms_start = Bon retour ! Vous recevrez à nouveau des demandes par SMS.
sms_help = Ligne Solidarité: répondez OUI <code> pour prendre une demande, NON <code> pour passer, FINI <code> quand c'est fait, STOP pour ne plus recevoir de demandes.
