calls-title = Appels
calls-filters = Filtrer les appels
calls-filter-purpose = Quels appels
calls-filter-from = Du
calls-filter-to = Au (inclus)
calls-filter-language = Langue
calls-filter-need = Besoin
calls-filter-outcome = Issue
calls-filter-operator = Opérateur
calls-filter-digits = Le numéro finit par
calls-filter-digits-hint = 2 à 10 chiffres
calls-filter-any = Tous
calls-filter-apply = Afficher
calls-filter-reset = Effacer les filtres

calls-purpose-caller = Appelants
calls-purpose-callback = Rappels
calls-purpose-operator_offer = Opérateurs appelés
calls-purpose-confirmation = Appels de confirmation
calls-purpose-operator_duty = Ligne de service
calls-purpose-all = Tous les appels

calls-outcome-bridged = Répondu
calls-outcome-abandoned = A raccroché en attente
calls-outcome-hung_up = A raccroché dans le menu
calls-outcome-callback = A demandé à être rappelé
calls-outcome-voicemail = A laissé un message
calls-outcome-live = Pas encore terminé
calls-outcome-callback_unanswered = Pas joint
calls-outcome-accepted = Pris par l’opérateur
calls-outcome-confirmed = Confirmé
calls-outcome-unanswered = Sans réponse
calls-outcome-duty_on = A pris son service
calls-outcome-duty_off = A quitté son service

calls-errors = Certains filtres sont à corriger.
calls-error-digits = Tapez 2 à 10 chiffres : la fin du numéro de l’appelant.
calls-error-date = Tapez une date sous la forme année-mois-jour, par exemple 2026-11-23.
calls-error-date-order = Le premier jour doit précéder le dernier, ou être le même.
calls-error-choice = Choisissez une des valeurs de la liste.
calls-error-operator = Choisissez un opérateur dans la liste.
calls-error-cursor = Cette page de la liste n’existe plus.

calls-caption = { $count ->
    [one] Un appel, le plus récent d’abord
   *[other] { $count } appels, les plus récents d’abord
}
calls-col-started = Début
calls-col-caller = Numéro
calls-col-purpose = Type
calls-col-language = Langue
calls-col-need = Besoin
calls-col-outcome = Issue
calls-col-operator = Opérateur
calls-col-wait = Attente
calls-col-length = Durée
calls-none = Aucun appel ne correspond à ces filtres.
calls-pages = Pages d’appels
calls-newer = Appels plus récents
calls-older = Appels plus anciens
calls-first-page = Revenir aux appels les plus récents
calls-export = Télécharger ces appels (CSV)

calls-detail-title = Appel { $id }
calls-back = Retour aux appels
calls-summary = Résumé
calls-number = Numéro
calls-purpose = Type d’appel
calls-language = Langue
calls-outcome = Issue
calls-started = Début
calls-answered = Répondu
calls-connected = Mis en relation avec un opérateur
calls-ended = Fin
calls-wait = Temps d’attente
calls-talk = Temps de conversation
calls-length = Durée de l’appel

calls-operators = { $count ->
    [0] Opérateurs
    [one] Un opérateur
   *[other] { $count } opérateurs
}
calls-operators-none = Aucun opérateur n’a été appelé pour cet appel.
calls-op-col-name = Opérateur
calls-op-col-offered = Appelé à
calls-op-col-result = Comment cela s’est terminé
calls-op-col-leg = Son appel
calls-op-unknown = Opérateur inconnu
calls-op-leg = Son appel ({ $duration })
calls-op-result-accepted = A pris l’appel
calls-op-result-declined = A refusé
calls-op-result-no_answer = N’a pas répondu
calls-op-result-no_key = A décroché sans appuyer sur une touche
calls-op-result-voicemail = Sa messagerie a répondu
calls-op-result-expired = A sonné trop longtemps
calls-op-result-hung_up = A raccroché
calls-op-result-caller_hung_up = L’appelant a raccroché avant
calls-op-result-ringing = Sonne
calls-op-result-assigned = Sur cet appel
calls-callbacks = Rappels

calls-request = Demande d’aide
calls-request-none = Cet appel n’a pas de demande d’aide.
calls-request-link = Demande d’aide { $id }
calls-request-status-new = nouvelle
calls-request-status-offered = proposée aux bénévoles
calls-request-status-matched = un bénévole aide
calls-request-status-done = traitée
calls-request-status-closed = clôturée
calls-voicemail = Message vocal ({ $duration })
calls-voicemail-no-player = Ce navigateur ne peut pas lire le message ici : téléchargez-le ci-dessous.
calls-voicemail-download = Télécharger le message

calls-timeline = Déroulement
calls-timeline-empty = Rien n’a été enregistré pour cet appel.
calls-event-incoming = Appel entrant
calls-event-menu_entered = Menu
calls-event-input = Touches ou paroles
calls-event-no_input = Pas de réponse dans le menu
calls-event-language_chosen = Langue choisie
calls-event-need_chosen = Besoin choisi
calls-event-postcode_given = Code postal donné
calls-event-postcode_skipped = Code postal passé
calls-event-operator_requested = A demandé un opérateur
calls-event-menu_retry = Menu répété après une erreur
calls-event-menu_repeat = Menu répété à la demande
calls-event-handed_off = Passé à la file d’attente
calls-event-out_of_hours = En dehors des heures d’ouverture
calls-event-queued = En file d’attente
calls-event-offered = Opérateur appelé
calls-event-offer = Proposition à l’opérateur
calls-event-offer_ended = L’opérateur ne l’a pas pris
calls-event-offer_withdrawn = Sonnerie arrêtée
calls-event-accepted = L’opérateur a accepté
calls-event-answered = Téléphone décroché
calls-event-bridged = Appelant et opérateur en ligne
calls-event-abandoned = L’appelant a raccroché en attente
calls-event-callback_requested = A demandé à être rappelé
calls-event-callback_dialled = Rappel en cours
calls-event-voicemail_offered = Messagerie proposée
calls-event-recording = Message enregistré
calls-event-status = État de l’appel
calls-event-hung_up = Appel terminé
calls-event-wrap_up = L’opérateur termine
calls-event-duty_line = L’opérateur a appelé la ligne de service
calls-event-duty_on = En service
calls-event-duty_off = Hors service
