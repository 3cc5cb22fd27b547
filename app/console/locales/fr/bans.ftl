ban-title = Liste de blocage
ban-intro = Les numéros tenus à l’écart de la ligne. Un appelant bloqué entend une courte phrase et l’appel se termine ; rien n’est enregistré. Un préfixe comme +3290 bloque tous les numéros qui commencent ainsi.
ban-caption = { $count ->
    [0] Aucun numéro n’est bloqué
    [one] Un blocage
   *[other] { $count } blocages
}
ban-empty = Personne n’est bloqué.
ban-col-number = Numéro ou préfixe
ban-col-reason = Motif
ban-col-until = Jusqu’au
ban-col-by = Ajouté par
ban-col-actions = Actions
ban-expired = Expiré
ban-forever = Jusqu’à levée
ban-remove = Lever
ban-remove-label = Lever le blocage de { $number }
ban-add-heading = Bloquer un numéro
ban-field-number = Numéro ou préfixe international
ban-hint-number = Un numéro complet dans n’importe quel format, ou le début des numéros avec + et l’indicatif du pays (+3290).
ban-field-reason = Motif
ban-field-until = Jusqu’au (facultatif)
ban-hint-until = Le blocage prend fin après ce jour. Laissez vide pour le garder jusqu’à sa levée.
ban-add = Bloquer
ban-error-number_prefix = Indiquez un numéro de téléphone, ou un préfixe commençant par + et l’indicatif du pays.
ban-error-reason = Indiquez un motif (200 caractères au plus).
ban-error-until = Choisissez un jour qui n’est pas encore passé.
ban-error-expires_at = Choisissez un jour qui n’est pas encore passé.
ban-error-exists = Ce numéro ou ce préfixe est déjà bloqué.
notice-ban-added = Le blocage est en vigueur.
notice-ban-removed = Le blocage a été levé.
