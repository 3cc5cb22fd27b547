req-title = Demandes
req-new-link = Nouvelle demande pour quelqu’un
req-export = Exporter en CSV
req-filters = Filtrer les demandes
req-filter-group = Statut
req-filter-need = Besoin
req-filter-language = Langue
req-filter-place = Code postal ou commune
req-filter-age = Ancienneté
req-filter-submit = Filtrer
req-filter-reset = Effacer les filtres
req-all = Toutes
req-any = Peu importe
req-age-any = Peu importe l’ancienneté
req-age-1h = Plus d’une heure
req-age-24h = Plus de 24 heures
req-age-3d = Plus de 3 jours
req-groups-label = Demandes par statut
req-group-new = Nouvelles
req-group-escalated = Escaladées
req-group-offered = Proposées par SMS
req-group-matched = Attribuées
req-group-done = Terminées
req-group-closed = Clôturées
req-count-requests = { $count ->
    [0] aucune demande
    [one] une demande
   *[other] { $count } demandes
}
req-show-all = { $count ->
    [one] Voir la demande
   *[other] Voir les { $count } demandes
}
req-empty = Aucune demande ici.
req-number = N° { $id }
req-need-unknown = Besoin non indiqué
req-place-unknown = Lieu non indiqué
req-waiting = Attend depuis
req-for-organisation = pour { $organisation }
req-col-request = Demande
req-col-need = Besoin
req-col-place = Lieu
req-col-person = Personne
req-col-language = Langue
req-col-created = Saisie
req-col-volunteer = Bénévole
req-col-wave = Vague
req-col-distance = Distance
req-col-sent = Envoyé
req-col-response = Réponse
req-col-name = Nom
req-col-languages = Langues
req-col-why = Pourquoi retenu
req-pager = Pages
req-pager-previous = Précédentes
req-pager-next = Suivantes
req-pager-position = { $first }–{ $last } sur { $total }

req-title-one = Demande n° { $id }
req-back = Toutes les demandes
req-details = Données
req-field-status = Statut
req-field-name = Nom
req-field-phone = Numéro de téléphone
req-field-language = Langue
req-field-need = Besoin
req-field-postcode = Code postal
req-field-address = Adresse
req-field-street = Rue
req-field-number = Numéro
req-field-box = Boîte
req-field-notes = Notes
req-field-organisation = Au nom de (organisation)
req-field-source = Arrivée par
req-field-created = Saisie
req-field-code = Code SMS
req-field-wave = Vagues de SMS envoyées
req-field-voicemail = Message vocal
req-field-call = Appel
req-call-link = Ouvrir l’appel
req-box = boîte { $box }
req-matched-with = avec { $name }
req-source = { $source ->
    [call] Appel téléphonique
    [voicemail] Message vocal
    [api] API
    [console] Console
   *[other] { $source }
}
req-by = par { $actor }
req-offers = { $count ->
    [0] Pas encore de proposition par SMS
    [one] Une proposition par SMS
   *[other] { $count } propositions par SMS
}
req-km = { $km } km
req-response = { $response ->
    [pending] Pas encore de réponse
    [accepted] Oui
    [declined] Non
    [too_late] Oui, trop tard
    [withdrawn] Retirée
   *[other] { $response }
}
req-history = Historique
req-event = { $kind ->
    [created] Saisie ({ $source })
    [need_set] Besoin indiqué : { $need }
    [postcode_set] Code postal indiqué : { $postcode }
    [voicemail] Message vocal laissé
    [callback_requested] Rappel demandé
    [callback_unanswered] Rappel sans réponse
    [wave_sent] Vague { $wave } : proposition par SMS à { $count ->
        [one] un bénévole
       *[other] { $count } bénévoles
    }
    [wave_empty] Vague { $wave } : aucun bénévole à portée
    [escalated] Transmise à un coordinateur ({ $reason ->
        [no_volunteer_accepted] personne n’a dit oui
        [no_volunteer_in_range] aucun bénévole à portée
        [operator_wrapup] à la demande de l’opérateur
        [neighbour_did_not_come] le voisin n’est pas venu
       *[other] données manquantes
    })
    [match_requested] Attribution lancée à la main
    [matched] Un bénévole a dit oui
    [declined] Un bénévole a dit non
    [done] Le bénévole l’a signalée terminée
    [assigned] Attribuée à la main
    [closed] Clôturée
    [reopened] Rouverte
    [details_edited] Données modifiées ({ $fields ->
        [one] un champ
       *[other] { $fields } champs
    })
    [confirmation_call] Appel de confirmation passé
    [confirmation_delivered] Appel de confirmation décroché
    [confirmation_unanswered] Appel de confirmation sans réponse
    [confirmation_failed] L’appel de confirmation n’a pas pu être passé
    [call_attached] Un autre appel du même numéro, joint
    [wrapup] Clôture par l’opérateur
    [wrapup_note] Note vocale de l’opérateur jointe
    [awaiting_approval] En attente de l’accord d’un coordinateur
    [approved] Approuvée par un coordinateur
    [masked_call] Le voisin l’a appelée par la ligne
    [masked_call_ended] Appel masqué terminé ({ $status })
    [masked_call_refused] Un voisin a tapé le code de cette demande : refusé, ce n’est pas la sienne
    [status_call] Appel pour savoir où en est la demande
    [followup_call] Appel de suivi passé
    [followup_came] Suivi : le voisin est venu
    [followup_did_not_come] Suivi : le voisin n’est pas venu
    [followup_unanswered] Appel de suivi sans réponse
    [followup_failed] L’appel de suivi n’a pas pu être passé
    [followup_skipped] Pas d’appel de suivi : aucun numéro à appeler
   *[other] { $kind }
}

req-candidates = Candidats pour la prochaine vague
req-candidates-missing = Il faut le besoin, la langue et le code postal pour trouver des candidats.
req-candidates-none = Aucun bénévole de terrain à portée n’aide pour ce besoin dans cette langue.
req-why = { $need } et { $language } correspondent, à { $distance } km (portée { $radius } km), { $runs } sur { $cap } courses cette semaine
req-why-boost = (portée élargie de { $boost } km pour cette vague)
req-offered-before = déjà proposée : { $response }

req-actions = Actions
req-match = Attribuer maintenant
req-match-help = Envoyer maintenant la prochaine vague de SMS aux bénévoles proches.
req-match-submit = Attribuer maintenant
req-assign = Attribuer à la main
req-assign-volunteer = Bénévole
req-assign-submit = Attribuer
req-assign-none = Aucun candidat à qui l’attribuer.
req-close = Clôturer
req-close-reason = Raison
req-close-note = Note
req-close-submit = Clôturer la demande
req-close-confirm = Clôturer cette demande ?
req-reason-no_volunteer_found = Aucun bénévole trouvé
req-reason-no_longer_needed = Plus nécessaire
req-reason-unreachable = Injoignable
req-reason-duplicate = Doublon
req-reopen = Rouvrir
req-reopen-help = L’attribution recommence à la première vague.
req-reopen-submit = Rouvrir la demande
req-edit = Modifier les données
req-edit-submit = Enregistrer les données
req-choose = Choisir…
req-optional = (facultatif)

req-new-title = Nouvelle demande pour quelqu’un
req-new-help = La demande part tout de suite en attribution : les bénévoles proches reçoivent une proposition par SMS, comme après un appel.
req-new-person = La personne
req-new-need = Ce dont elle a besoin, et où
req-new-source = Qui le demande
req-phone-hint = Le numéro de la personne elle-même : le bénévole l’appelle, et l’appel de confirmation y est passé.
req-postcode-hint = Quatre chiffres, par exemple 1030.
req-organisation-hint = Laisser vide si la personne a contacté la ligne elle-même.
req-new-submit = Saisir la demande

req-form-invalid = Certaines données sont à corriger : voir les messages à côté des champs.
req-error-phone = Indiquez un numéro que nous pouvons appeler, par exemple 0470 12 34 56.
req-error-name = Indiquez le nom de la personne (120 caractères au plus).
req-error-language = Choisissez une langue.
req-error-need = Choisissez un besoin.
req-error-postcode = Indiquez un code postal de quatre chiffres.
req-error-postcode-unknown = Ce code postal n’existe pas en Belgique.
req-error-too-long = C’est trop long.
req-error-invalid = Vérifiez ce champ.

notice-req-created = La demande est saisie et l’attribution a commencé.
notice-req-edited = Les données sont enregistrées.
notice-req-matching = L’attribution a tourné : voir les propositions par SMS et l’historique.
notice-req-assigned = La demande est attribuée : le bénévole reçoit les données par SMS.
notice-req-closed = La demande est clôturée.
notice-req-reopened = La demande est rouverte : l’attribution recommence.
