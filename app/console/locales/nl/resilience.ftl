work-reason-sms_failed = De sms kon niet verstuurd worden
work-reason-confirmation_failed = De aanvrager was niet bereikbaar voor de bevestiging
