# Qui peut voir quoi : afficher les données personnelles en entier, la page de l'opérateur, le journal d'audit.

nav-me = Ma permanence
nav-audit = Journal d'audit

access-reveal = Afficher le numéro, le nom et l'adresse en entier
access-reveal-help = Votre nom et l'heure sont inscrits au journal d'audit.
access-revealed = Affiché en entier à votre demande ; c'est inscrit au journal d'audit.
access-edit-hint = Pour modifier le nom, l'adresse ou les notes, affichez-les d'abord en entier.

me-title = Ma permanence et mes appels
me-duty = Permanence
me-duty-state = Vous êtes { $state ->
    [available] de permanence
    [away] de permanence, marqué·e absent·e
   *[offline] hors permanence
}.
me-go-on = Prendre des appels
me-go-off = Arrêter de prendre des appels
me-calls = Mes appels en cours et récents
me-col-when = Quand
me-col-caller = Appelant
me-col-language = Langue
me-col-outcome = Issue
me-live = en cours
me-no-calls = Pas encore d'appels.
notice-me-on = Vous êtes de permanence : les appels peuvent vous joindre.
notice-me-off = Vous n'êtes plus de permanence.

audit-title = Journal d'audit
audit-intro = Qui a consulté en entier les données d'une personne, exporté des données, ou modifié une demande, un bénévole, un compte ou un réglage, et quand. Les entrées ne sont jamais modifiées.
audit-filters = Filtrer le journal d'audit
audit-filter = Filtrer
audit-col-at = Quand
audit-col-actor = Qui
audit-col-action = Action
audit-col-subject = Sur quoi
audit-col-detail = Détail
audit-caption = { $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
}
audit-empty = Aucune entrée ne correspond.
audit-export-csv = Exporter en CSV
audit-export-json = Exporter en JSON
audit-pages = Pages du journal d'audit
audit-newer = Entrées plus récentes
audit-older = Entrées plus anciennes
