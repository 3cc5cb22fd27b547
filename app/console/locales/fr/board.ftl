board-title = Tableau en direct
board-today = Aujourd’hui
fig-calls = Appels
fig-answered = Répondus
fig-abandoned = Abandonnés
fig-asa = Temps moyen de réponse
fig-service-level = Répondus en 60 s
fig-callbacks-pending = Rappels en attente
fig-voicemails-open = Messages à traiter
board-waiting = { $count ->
    [0] Personne n’attend
    [one] Un appelant attend
   *[other] { $count } appelants attendent
}
board-nobody-waiting = Personne n’attend pour l’instant.
board-longest-wait = attente la plus longue
board-callback-asked = Rappel demandé
board-being-offered = Un opérateur est appelé
board-ring-now = Rappeler maintenant
board-operators = { $count ->
    [0] Aucun opérateur de service
    [one] Un opérateur de service
   *[other] { $count } opérateurs de service
}
board-nobody-on-duty = Personne n’est de service.
col-caller = Appelant
col-need = Besoin
col-place = Code postal
col-waiting = Attente
col-status = Statut
col-actions = Actions
col-name = Nom
col-languages = Langues
col-state = État
col-since = Depuis
op-set-away = Mettre absent
op-set-available = Rendre disponible
notice-operator-away = L’opérateur est absent : aucun appel ne lui est proposé.
notice-operator-available = L’opérateur est à nouveau disponible.
notice-callback-ringing = Le rappel passe en tête : le prochain opérateur libre le reçoit.
