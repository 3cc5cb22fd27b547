vol-title = Bénévoles
vol-add = Ajouter un ou une bénévole
vol-import = Importer un fichier CSV
vol-coverage-link = Couverture de la semaine prochaine
vol-filters = Filtrer la liste
vol-filter-name = Le nom contient
vol-filter-role = Rôle
vol-filter-language = Langue
vol-filter-duty = Permanence
vol-filter-status = Statut
vol-filter-any = Tous
vol-filter-apply = Filtrer
vol-filter-reset = Effacer les filtres
vol-status-active = Actif
vol-status-inactive = Désactivé
vol-status-all = Actifs et désactivés
vol-role-operator = Téléphoniste
vol-role-field = Bénévole de terrain
vol-duty-offline = Hors permanence
vol-duty-available = En permanence
vol-duty-away = Absent
vol-roster-caption = { $count ->
    [0] Aucun bénévole
    [one] Un bénévole
   *[other] { $count } bénévoles
}
vol-roster-range = { $first } à { $last } sur { $total }
vol-roster-empty = Aucun bénévole ne correspond à ces filtres.
vol-runs-since = Courses ce mois-ci : courses confiées au bénévole depuis le { $date }.
vol-col-name = Nom
vol-col-phone = Téléphone
vol-col-roles = Rôles
vol-col-languages = Langues
vol-col-home = Domicile
vol-col-duty = Permanence
vol-col-runs = Courses ce mois-ci
vol-col-sms = SMS
vol-sms-opted-out = Désinscrit
vol-sms-ok = Oui
vol-inactive-badge = désactivé
vol-previous = Page précédente
vol-next = Page suivante
vol-pages = Pages de la liste

vol-new-title = Ajouter un ou une bénévole
vol-field-name = Nom
vol-field-phone_number = Numéro de téléphone
vol-field-languages = Langues
vol-field-roles = Rôles
vol-field-home_postcode = Code postal du domicile
vol-field-needs = Courses qu’il ou elle fait
vol-field-radius_km = Distance parcourue (km)
vol-field-weekly_cap = Courses par semaine au plus
vol-field-weekday = Jour
vol-field-starts = De
vol-field-ends = À
vol-hint-phone = Les numéros belges peuvent s’écrire 0470 12 34 56.
vol-field-details = Bénévoles de terrain
vol-hint-field = Un ou une bénévole de terrain a besoin d’un code postal et d’au moins un type de course.
vol-hint-radius = Laisser vide pour la distance habituelle.
vol-save-new = Ajouter
vol-errors-summary = { $count ->
    [one] Le formulaire contient une erreur :
   *[other] Le formulaire contient { $count } erreurs :
}
vol-problem = { $field } : { $problem }
vol-error-required = À remplir.
vol-error-too-long = { $limit } caractères au plus.
vol-error-postcode = Quatre chiffres, par exemple 1030.
vol-error-choice = « { $value } » ne fait pas partie des choix.
vol-error-phone = Numéro de téléphone non valable.
vol-error-phone-taken = Ce numéro de téléphone appartient déjà à un autre bénévole.
vol-error-languages-empty = Choisissez au moins une langue.
vol-error-languages-repeat = Une langue figure deux fois.
vol-error-roles-missing = Choisissez téléphoniste, bénévole de terrain, ou les deux.
vol-error-field-details = Un ou une bénévole de terrain a besoin d’un code postal et d’au moins un type de course.
vol-error-shift-empty = La permanence doit finir à une autre heure que celle où elle commence.
vol-error-number = Tapez un nombre.
vol-error-whole-number = Tapez un nombre entier.
vol-error-greater-than = Doit être supérieur à { $limit }.
vol-error-at-least = Doit être d’au moins { $limit }.
vol-error-less-than = Doit être inférieur à { $limit }.
vol-error-at-most = Doit être de { $limit } au plus.
vol-error-time = Tapez une heure, par exemple 09:00.
vol-error-invalid = Cette valeur n’est pas acceptée.

vol-created-title = { $name } est ajouté
vol-token-intro = Voici le code de permanence personnel de { $name }. Donnez-le-lui : avec ce code, la personne se met en permanence ou s’en retire depuis l’application. Il n’est montré que cette fois et ne pourra plus être lu ensuite.
vol-token-label = Code de permanence
vol-created-open = Ouvrir la page de { $name } (permanences, données)
vol-back-to-roster = Retour à la liste

vol-import-title = Importer des bénévoles depuis un fichier CSV
vol-import-intro = Un bénévole par ligne, avec une première ligne qui nomme les colonnes : name, phone, languages, roles ; pour les bénévoles de terrain aussi postcode, needs, radius_km, weekly_cap. Séparez les listes par ; (par exemple nl;fr ou operator;field).
vol-import-all-or-none = Toutes les lignes sont importées, ou aucune : un fichier avec des erreurs n’importe rien.
vol-import-file = Fichier CSV
vol-import-text = Ou collez le texte CSV
vol-import-submit = Importer
vol-import-rejected = { $count ->
    [one] Une ligne contient une erreur : rien n’a été importé. Corrigez-la et importez à nouveau.
   *[other] { $count } lignes contiennent des erreurs : rien n’a été importé. Corrigez-les et importez à nouveau.
}
vol-import-lines-caption = Lignes à corriger
vol-col-line = Ligne
vol-col-problem = Problème
vol-import-too-big = Le fichier dépasse { $kb } ko : divisez-le.
vol-import-empty = Choisissez un fichier ou collez le texte CSV.
vol-import-unreadable = Ce texte n’est pas lisible comme CSV (cherchez un guillemet non fermé).
vol-import-missing-columns = Colonnes absentes de la première ligne : { $columns }.
vol-import-unknown-columns = Colonnes inconnues : { $columns }.
vol-import-too-many-rows = Trop de lignes pour une seule importation : divisez le fichier.
vol-import-more-fields = Plus de valeurs que de colonnes.
vol-import-unknown-roles = Rôle inconnu { $roles } (utilisez operator ou field).
vol-import-repeated-phone = Même numéro de téléphone qu’à la ligne { $line }.
vol-import-phone-taken = Ce numéro de téléphone appartient déjà à un bénévole.
vol-import-no-rows = Le fichier ne contient aucune ligne de bénévole.

vol-details = Données
vol-save = Enregistrer les modifications
vol-status = Statut
vol-deactivated-note = { $name } est désactivé : aucun appel ni aucune course ne lui est proposé.
vol-sms-opted-out-long = A demandé à ne plus recevoir de SMS.
vol-sms-ok-long = Reçoit les propositions par SMS.
vol-added = Ajouté le
vol-deactivate = Désactiver
vol-deactivate-hint = Aucun appel ni aucune course n’est proposé à un bénévole désactivé ; un téléphoniste en permanence en est retiré aussitôt.
vol-deactivate-confirm = Désactiver { $name } ?
vol-reactivate = Réactiver
vol-shifts = Permanences hebdomadaires
vol-shifts-intro = Un téléphoniste est mis en permanence quand une permanence commence et en est retiré quand elle finit. Une permanence qui finit avant de commencer finit le lendemain.
vol-shifts-none = Pas encore de permanence hebdomadaire.
vol-shifts-not-operator = Les permanences hebdomadaires sont pour les téléphonistes.
vol-shift-next-day = (le lendemain)
vol-shift-remove = Supprimer
vol-shift-remove-label = Supprimer la permanence du { $day } de { $starts } à { $ends }
vol-shift-add = Ajouter une permanence
vol-shift-add-submit = Ajouter la permanence
vol-col-actions = Actions

vol-coverage-title = Couverture de la semaine prochaine
vol-coverage-week = Du { $from } au { $until }.
vol-coverage-intro = Pour chaque heure d’ouverture de la ligne : combien de téléphonistes parlant la langue ont une permanence hebdomadaire qui couvre toute l’heure. Une heure sans personne est un trou.
vol-coverage-gaps = { $count ->
    [0] aucun trou
    [one] un trou
   *[other] { $count } trous
}
vol-coverage-summary = Trous par langue
vol-coverage-hour = Heure
vol-coverage-gap-cell = 0 — trou
vol-coverage-closed = fermé
vol-coverage-none = La ligne est fermée toute la semaine.

notice-vol-created = Le ou la bénévole est ajouté.
notice-vol-saved = Les modifications sont enregistrées.
notice-vol-imported = Toutes les lignes du fichier ont été importées.
notice-vol-deactivated = Le ou la bénévole est désactivé.
notice-vol-reactivated = Le ou la bénévole est de nouveau actif.
notice-vol-shift-added = La permanence est ajoutée.
notice-vol-shift-removed = La permanence est supprimée.
