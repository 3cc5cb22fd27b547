work-reason-sms_failed = Le SMS n’a pas pu être envoyé
work-reason-confirmation_failed = Le demandeur n’a pas pu être joint pour la confirmation
