tok-nav = Jetons d'API
tok-title = Jetons d'API
tok-intro = Un jeton permet à un programme d'utiliser l'API de la ligne en votre nom. Donnez à chaque programme son propre jeton, pour pouvoir en révoquer un sans arrêter les autres.
tok-caption = { $count ->
    [0] Vous n'avez aucun jeton d'API
    [one] Un jeton d'API
   *[other] { $count } jetons d'API
}
tok-empty = Vous n'avez pas encore de jeton d'API.
tok-col-name = Nom
tok-col-created = Créé
tok-col-last-used = Dernière utilisation
tok-col-expires = Expire
tok-col-state = État
tok-col-actions = Actions
tok-unnamed = (sans nom)
tok-never-used = Jamais
tok-never-expires = Jamais
tok-state-active = Actif
tok-state-expired = Expiré
tok-state-revoked = Révoqué
tok-revoke = Révoquer
tok-revoke-label = Révoquer le jeton { $name }
tok-add-heading = Créer un jeton
tok-field-name = Nom
tok-hint-name = À quoi sert le jeton, par exemple « export comptabilité ».
tok-field-expiry = Expire
tok-expiry-days = { $days ->
    [one] Après un jour
   *[other] Après { $days } jours
}
tok-expiry-never = Jamais
tok-add = Créer le jeton
tok-issued-heading = Votre nouveau jeton « { $name } »
tok-issued-once = Copiez-le maintenant : il n'est affiché que cette fois.
tok-issued-label = Jeton
tok-error-name = Donnez un nom au jeton (60 caractères au plus).
tok-error-expiry = Choisissez une des durées proposées.
notice-tok-revoked = Le jeton a été révoqué ; il ne fonctionne plus.
