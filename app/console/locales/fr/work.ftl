work-title = À faire
work-intro = Ce qu’il faut faire maintenant, du plus ancien au plus récent. Prenez une tâche avant d’agir, pour que personne d’autre ne fasse la même chose.
work-callbacks-heading = { $count ->
    [0] Personne à rappeler
    [one] Une personne à rappeler
   *[other] { $count } personnes à rappeler
}
work-callbacks-caption = Appelants qui ont demandé à être rappelés et n’ont pas décroché quand la ligne les a rappelés.
work-callbacks-empty = Toutes les personnes qui ont demandé un rappel ont été jointes.
work-voicemails-heading = { $count ->
    [0] Aucun message à traiter
    [one] Un message à traiter
   *[other] { $count } messages à traiter
}
work-voicemails-caption = Messages laissés sur la ligne que personne n’a encore traités.
work-voicemails-empty = Tous les messages ont été traités.
work-escalations-heading = { $count ->
    [0] Aucune demande n’attend un coordinateur
    [one] Une demande attend un coordinateur
   *[other] { $count } demandes attendent un coordinateur
}
work-escalations-caption = Demandes pour lesquelles la mise en relation automatique n’a trouvé aucun voisin.
work-escalations-empty = Aucune demande n’attend un coordinateur.
work-col-person = Numéro
work-col-language = Langue
work-col-need = Besoin
work-col-place = Code postal
work-col-attempts = Tentatives
work-col-last-attempt = Dernière tentative
work-col-message = Message
work-col-duration = Durée
work-col-left-at = Laissé le
work-col-request = Demande
work-col-escalated-at = Transmise le
work-col-reason = Pourquoi
work-col-claimed = Pris par
work-col-actions = Actions
work-play = Message de { $caller }
work-download = Télécharger le message
work-request-link = Demande { $id }
work-reason-no_volunteer_in_range = Aucun bénévole à proximité
work-reason-no_volunteer_accepted = Aucun bénévole n’a accepté
work-reason-missing_details = Informations manquantes : { $fields }
work-reason-other = Mise en relation arrêtée
work-field-need = besoin
work-field-language = langue
work-field-postcode = code postal
work-not-claimed = Personne pour l’instant
work-claimed-by = { $name } depuis { $time }
work-claimed-by-you = Vous, depuis { $time }
work-claim-callback = Je rappelle
work-claim-voicemail = Je m’en occupe
work-claim-escalation = Je m’en occupe
work-done-callback = Joint
work-done-voicemail = Traité
work-done-escalation = Réglé
work-release = Libérer
notice-work-claimed = La tâche est à vous : personne d’autre ne la prendra. Vous seul voyez le numéro complet.
notice-work-released = La tâche est à nouveau libre.
notice-work-done = C’est fait : la tâche a quitté la liste.
notice-work-taken = Quelqu’un d’autre a pris cette tâche en premier : son nom figure à côté.
