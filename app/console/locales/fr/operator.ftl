# La page de l'opérateur : l'appel en cours, ouverte depuis le lien reçu par SMS.

op-title = Votre appel
op-hello = Bonjour { $name }. Cette page montre l’appel en cours et celui que vous venez de terminer.
op-no-call = Vous n’avez pas encore pris d’appel. Cette page l’affiche dès que vous en acceptez un.
op-call-live = En ligne maintenant
op-call-ended = Votre dernier appel (terminé)
op-caller = Numéro
op-started = Début
op-before = Appels et demandes précédents de ce numéro
op-before-none = Aucun : ce numéro appelle pour la première fois.
op-earlier-call = appel ({ $outcome })
op-form = Ce qu’un voisin doit savoir (demande { $id })
op-form-until = Vous pouvez compléter ceci jusqu’à
op-form-closed = Cet appel s’est terminé il y a plus de 30 minutes : un coordinateur complète maintenant la demande.
op-form-invalid = Certaines informations ne sont pas correctes ; voir ci-dessous.
op-error-invalid = Cette valeur n’est pas valable.
op-error-postcode = Ce n’est pas un code postal belge en usage.
op-save = Enregistrer
notice-op-saved = Enregistré. Merci !
op-expired-title = Ce lien a expiré
op-expired = Pour votre sécurité, le lien vers votre page ne fonctionne que pendant un temps limité. Reprenez votre service (appelez la ligne depuis votre téléphone et appuyez sur 1) et vous recevrez un nouveau lien par SMS.
