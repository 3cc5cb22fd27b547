### Français : la clôture de l'appel par l'opérateur au téléphone, une fois que
### l'appelant a raccroché, et le SMS avec la page personnelle de l'opérateur.
### Mêmes messages dans chaque langue (les tests le vérifient) ; { $name } est
### rempli par l'application.

wrapup_menu = L'appelant a raccroché. Appuyez sur 1 si un voisin doit aider cette personne, sur 2 si tout a été réglé au téléphone, sur 3 si un coordinateur doit assurer le suivi.
wrapup_record = Après le bip, dites le nom, l'adresse et ce dont la personne a besoin. Appuyez ensuite sur dièse.
wrapup_recorded = Merci, votre note est jointe à la demande. Au revoir.
wrapup_no_note = Aucune note n'a été enregistrée ; votre choix est conservé. Au revoir.
wrapup_solved = Merci, la demande est clôturée comme réglée au téléphone. Au revoir.
wrapup_no_choice = Aucun choix n'a été fait ; la demande suit son cours habituel. Au revoir.
sms_operator_page = Ligne d'aide : votre page pour les appels que vous prenez, valable { $hours ->
    [one] une heure
   *[other] { $hours } heures
} : { $link }
