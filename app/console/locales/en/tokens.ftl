tok-nav = API tokens
tok-title = API tokens
tok-intro = A token lets a program use the hotline's API in your name. Give each program its own token, so that you can revoke one without stopping the others.
tok-caption = { $count ->
    [0] You have no API token
    [one] One API token
   *[other] { $count } API tokens
}
tok-empty = You have no API token yet.
tok-col-name = Name
tok-col-created = Created
tok-col-last-used = Last used
tok-col-expires = Expires
tok-col-state = State
tok-col-actions = Actions
tok-unnamed = (unnamed)
tok-never-used = Never
tok-never-expires = Never
tok-state-active = Active
tok-state-expired = Expired
tok-state-revoked = Revoked
tok-revoke = Revoke
tok-revoke-label = Revoke the token { $name }
tok-add-heading = Make a token
tok-field-name = Name
tok-hint-name = What the token is for, for example "accounting export".
tok-field-expiry = Expires
tok-expiry-days = { $days ->
    [one] After one day
   *[other] After { $days } days
}
tok-expiry-never = Never
tok-add = Make the token
tok-issued-heading = Your new token "{ $name }"
tok-issued-once = Copy it now: it is shown this once and cannot be shown again.
tok-issued-label = Token
tok-error-name = Give the token a name (at most 60 characters).
tok-error-expiry = Choose one of the expiry options.
notice-tok-revoked = The token was revoked; it no longer works.
