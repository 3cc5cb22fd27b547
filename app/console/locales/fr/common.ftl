app-name = Ligne Solidarité
skip-to-content = Aller au contenu
nav-label = Rubriques de la console
nav-board = Tableau en direct
nav-calls = Appels
nav-requests = Demandes
nav-work = À faire
nav-volunteers = Bénévoles
nav-reports = Rapports
language-switch = Langue
logout = Se déconnecter

login-title = Connexion à la console
login-username = Nom d’utilisateur
login-password = Mot de passe
login-submit = Se connecter
login-invalid = Nom d’utilisateur ou mot de passe incorrect.
login-throttled = Trop d’essais manqués. Réessayez dans { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } secondes
}.

error-title = Impossible
error-status-400 = Le formulaire contient une erreur.
error-status-403 = Action refusée : le formulaire a peut-être expiré. Rechargez la page et réessayez.
error-status-404 = Ceci n’existe plus.
error-status-409 = Quelqu’un ou quelque chose l’a modifié entre-temps.
error-status-other = Une erreur s’est produite de notre côté.
error-detail = Détail technique (en anglais)
error-back = Retour au tableau en direct

lang-nl = Néerlandais
lang-fr = Français
lang-en = Anglais
lang-de = Allemand

need-groceries = Courses
need-pharmacy = Pharmacie
need-company = Un brin de causette
need-other = Autre aide

op-state-available = Disponible
op-state-ringing = Sonne
op-state-on_call = En appel
op-state-wrap_up = Clôture
op-state-away = Absent
