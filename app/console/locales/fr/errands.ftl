## Les courses : pourquoi une demande revient sur la liste de travail
work-reason-neighbour_did_not_come = Le voisin n’est pas venu (appel de suivi)

## Le journal des appels : les appels des courses
calls-purpose-neighbour = Appels masqués des voisins
calls-purpose-followup = Appels de suivi
calls-outcome-errand_call = Le voisin et la personne se sont parlé
calls-outcome-errand_unanswered = La personne n’a pas répondu
calls-outcome-errand_no_number = Aucun numéro à appeler
calls-outcome-no_longer_needed = Plus nécessaire
calls-outcome-followup_came = Le voisin est venu
calls-outcome-followup_not_came = Le voisin n’est pas venu
calls-outcome-followup_unanswered = Sans réponse
