work-reason-sms_failed = The SMS could not be sent
work-reason-confirmation_failed = The requester could not be reached to confirm
