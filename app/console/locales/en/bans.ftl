ban-title = Ban list
ban-intro = Numbers kept off the line. A banned caller hears one short sentence and the call ends; nothing is recorded. A prefix such as +3290 bans every number that starts with it.
ban-caption = { $count ->
    [0] No number is banned
    [one] One ban
   *[other] { $count } bans
}
ban-empty = Nobody is banned.
ban-col-number = Number or prefix
ban-col-reason = Reason
ban-col-until = Until
ban-col-by = Added by
ban-col-actions = Actions
ban-expired = Expired
ban-forever = Until lifted
ban-remove = Lift
ban-remove-label = Lift the ban on { $number }
ban-add-heading = Ban a number
ban-field-number = Number or international prefix
ban-hint-number = A whole number in any format, or the start of numbers with + and the country code (+3290).
ban-field-reason = Reason
ban-field-until = Until (optional)
ban-hint-until = The ban ends after this day. Leave empty to keep it until it is lifted.
ban-add = Ban
ban-error-number_prefix = Enter a phone number, or a prefix starting with + and a country code.
ban-error-reason = Say why (at most 200 characters).
ban-error-until = Choose a day that has not passed yet.
ban-error-expires_at = Choose a day that has not passed yet.
ban-error-exists = This number or prefix is banned already.
notice-ban-added = The ban is in force.
notice-ban-removed = The ban was lifted.
