# Ce qu'un voisin doit savoir, la clôture par l'opérateur, le triage et l'import
# CSV (l'écran des demandes).

req-field-needs-text = Ce dont la personne a besoin, avec ses mots
req-needs-text-hint = Ce que la personne a demandé, comme elle l'a dit.
req-field-urgency = Urgence
req-urgency-today = Aujourd'hui
req-urgency-week = Cette semaine
req-urgency-no_rush = Pas pressé
req-field-needed-by = Pour le
req-field-access = Accès
req-access-hint = Étage, sonnette, ascenseur, un chien…
req-field-consent = La personne accepte que le seul voisin qui fera la course reçoive son nom, son adresse et ces informations.
req-consent-yes = Accord : un voisin peut recevoir ces informations
req-consent-no = Pas (encore) d'accord : le voisin ne reçoit pas ces informations
req-field-wrapup = Clôture par l'opérateur
req-wrapup-outcome = { $outcome ->
    [neighbour] un voisin doit aider
    [solved] réglé au téléphone
    [coordinator] un coordinateur doit assurer le suivi
   *[other] { $outcome }
}
req-wrapup-none = aucune
req-wrapup-note = Note vocale de l'opérateur
req-awaiting-approval = En attente de l'accord d'un coordinateur (triage)
req-approved = Approuvée par { $actor }
req-approve = Approuver
req-approve-help = Triage : les voisins proches reçoivent une offre par SMS dès qu'un coordinateur approuve.
req-approve-submit = Approuver et prévenir les voisins
notice-req-approved = Approuvée : les bénévoles proches reçoivent une offre par SMS.
req-field-calls = Appels
req-call-n = appel { $n }
req-reason-solved_on_phone = Réglée au téléphone
req-card-to-approve = à approuver
req-import-link = Importer un CSV
req-import-title = Importer des demandes depuis un CSV
req-import-help = Une demande par ligne. Colonnes : phone, name, language, need, postcode ; facultatives street, number, box, needs_text, urgency (today, week, no_rush), needed_by (AAAA-MM-JJ), access_notes, consent (yes ou no), notes, organisation. Chaque ligne est vérifiée : si une seule est fausse, rien n'est importé.
req-import-file = Fichier CSV
req-import-submit = Importer
req-import-errors = Rien n'a été importé. Corrigez ces lignes et réessayez :
req-import-empty = Choisissez un fichier CSV.
notice-req-imported = Les demandes ont été importées et partent vers les voisins.
