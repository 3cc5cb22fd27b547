rep-title = Rapports
rep-period-choose = Choisir la période
rep-from = Du
rep-to = Au (inclus)
rep-show = Afficher
rep-last-7-days = 7 derniers jours
rep-period-hint = Dates à l’heure de Bruxelles ; les deux jours sont inclus ; { $max } jours au plus.
rep-period = Du { $from } au { $to } ({ $days ->
    [one] un jour
   *[other] { $days } jours
})
rep-error-date = Indiquez une date comme 2026-10-25.
rep-error-order = La date de fin précède la date de début.
rep-error-too-long = Un rapport couvre { $max } jours au plus ; cette période compte { $days } jours.

rep-summary = Résumé
rep-fig-requests = Demandes d’aide
rep-definitions = Comment ces chiffres sont comptés
rep-def-answered = Appelants mis en relation avec un opérateur.
rep-def-abandoned = Appelants qui ont raccroché pendant l’attente.
rep-def-other = Tous les autres appels : rappel demandé, messagerie, hors des heures d’ouverture, raccroché dans le menu, ou toujours en cours.
rep-def-asa = Vitesse moyenne de réponse : l’attente moyenne des appelants qui ont eu une réponse.
rep-def-average-wait = L’attente moyenne des appelants qui ont eu une réponse ou ont abandonné.
rep-def-p90-wait = Neuf appelants sur dix, avec réponse ou abandon, ont attendu ce temps ou moins.
rep-def-service-level = Appelants pris en charge en { $seconds } secondes au plus, sur l’ensemble des appelants avec réponse ou abandon.
rep-def-callbacks = Demandés : appelants qui ont choisi d’être rappelés. Joints : rappels auxquels l’appelant a répondu. Non joints : appels de rappel restés sans réponse (un rappel peut être tenté plus d’une fois).
rep-def-requests = Demandes d’aide faites pendant la période, par besoin et selon leur état aujourd’hui ; les temps vont de la demande au oui d’un bénévole et à la fin de la tâche.
rep-def-talk-time = Temps au téléphone de l’opérateur pour les appels qu’il ou elle a acceptés, y compris la courte annonce de chaque appel.

rep-section-days = Appels par jour
rep-section-hours = Appels par heure de la journée
rep-section-languages = Appels par langue
rep-section-callbacks = Rappels
rep-section-requests = Demandes d’aide
rep-section-volunteers = Activité des bénévoles

rep-table-days = Appels par jour
rep-table-hours = Appels par heure de la journée
rep-table-languages = Appels par langue
rep-table-callbacks = Rappels par jour
rep-table-requests = Demandes d’aide par besoin et par issue
rep-table-request-times = Délai jusqu’à un bénévole et jusqu’à la fin
rep-table-operators = Opérateurs
rep-table-field-volunteers = Bénévoles de terrain

rep-col-day = Jour
rep-col-hour = Heure
rep-col-language = Langue
rep-col-calls = Appels
rep-col-answered = Répondus
rep-col-abandoned = Abandonnés
rep-col-other = Autres
rep-col-asa = Vitesse moyenne de réponse
rep-col-average-wait = Attente moyenne
rep-col-p90-wait = 90 % ont attendu au plus
rep-col-service-level = Répondus en { $seconds } s au plus
rep-col-callbacks-requested = Rappels demandés
rep-col-callbacks-reached = Joints
rep-col-callbacks-unanswered = Non joints
rep-col-need = Besoin
rep-col-total = Total
rep-col-requests = Demandes
rep-col-matched = Bénévole trouvé
rep-col-median-to-match = Délai médian jusqu’à un bénévole
rep-col-average-to-match = Délai moyen jusqu’à un bénévole
rep-col-done = Terminées
rep-col-median-to-done = Délai médian jusqu’à la fin
rep-col-average-to-done = Délai moyen jusqu’à la fin
rep-col-operator = Opérateur
rep-col-offers = Appels proposés
rep-col-calls-answered = Appels pris
rep-col-talk-time = Temps de conversation
rep-col-average-talk = Moyenne par appel
rep-col-volunteer = Bénévole
rep-col-sms-offers = Demandes proposées par SMS
rep-col-runs-matched = Courses acceptées
rep-col-runs-done = Courses faites

rep-outcome-new = Nouvelle
rep-outcome-offered = Proposée
rep-outcome-matched = A un bénévole
rep-outcome-done = Terminée
rep-outcome-closed_no_volunteer_found = Clôturée : aucun bénévole trouvé
rep-outcome-closed_no_longer_needed = Clôturée : plus nécessaire
rep-outcome-closed_unreachable = Clôturée : injoignable
rep-outcome-closed_duplicate = Clôturée : doublon
rep-outcome-closed_other = Clôturée : autre raison

rep-total = Total
rep-lang-unknown = Aucune langue choisie
rep-need-unknown = Aucun besoin indiqué

rep-chart-days-title = Appels par jour
rep-chart-days-desc = Diagramme en barres des appels répondus, abandonnés et autres pour chaque jour du { $from } au { $to }. Le tableau « Appels par jour » donne les mêmes chiffres.
rep-chart-hours-title = Appels par heure de la journée
rep-chart-hours-desc = Diagramme en barres des appels répondus, abandonnés et autres selon l’heure d’arrivée, du { $from } au { $to }. Le tableau « Appels par heure de la journée » donne les mêmes chiffres.
rep-chart-service-title = Répondus en { $seconds } secondes au plus, par jour
rep-chart-service-desc = Courbe du niveau de service pour chaque jour du { $from } au { $to }, de 0 à 100 %. Le tableau « Appels par jour » donne les mêmes chiffres.
rep-chart-no-data = Aucun appel pendant cette période

rep-download-csv = Télécharger « { $table } » (CSV)
rep-empty-calls = Aucun appel pendant cette période.
rep-empty-requests = Aucune demande d’aide pendant cette période.
rep-empty-operators = Aucun opérateur ne s’est vu proposer d’appel pendant cette période.
rep-empty-field-volunteers = Aucun bénévole de terrain n’a été actif pendant cette période.
