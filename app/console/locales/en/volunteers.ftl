vol-title = Volunteers
vol-add = Add a volunteer
vol-import = Import from a CSV file
vol-coverage-link = Next week’s coverage
vol-filters = Filter the roster
vol-filter-name = Name contains
vol-filter-role = Role
vol-filter-language = Language
vol-filter-duty = Duty
vol-filter-status = Status
vol-filter-any = Any
vol-filter-apply = Filter
vol-filter-reset = Clear the filters
vol-status-active = Active
vol-status-inactive = Deactivated
vol-status-all = Active and deactivated
vol-role-operator = Phone operator
vol-role-field = Field volunteer
vol-duty-offline = Off duty
vol-duty-available = On duty
vol-duty-away = Away
vol-roster-caption = { $count ->
    [0] No volunteer
    [one] One volunteer
   *[other] { $count } volunteers
}
vol-roster-range = Showing { $first }–{ $last } of { $total }
vol-roster-empty = No volunteer matches these filters.
vol-runs-since = Runs this month: errands matched to the volunteer since { $date }.
vol-col-name = Name
vol-col-phone = Phone
vol-col-roles = Roles
vol-col-languages = Languages
vol-col-home = Home
vol-col-duty = Duty
vol-col-runs = Runs this month
vol-col-sms = SMS
vol-sms-opted-out = Opted out
vol-sms-ok = Yes
vol-inactive-badge = deactivated
vol-previous = Previous page
vol-next = Next page
vol-pages = Pages of the roster

vol-new-title = Add a volunteer
vol-field-name = Name
vol-field-phone_number = Phone number
vol-field-languages = Languages
vol-field-roles = Roles
vol-field-home_postcode = Home postcode
vol-field-needs = Errands they do
vol-field-radius_km = Distance they go (km)
vol-field-weekly_cap = Errands per week at most
vol-field-weekday = Day
vol-field-starts = From
vol-field-ends = Until
vol-hint-phone = Belgian numbers may be typed as 0470 12 34 56.
vol-field-details = Field volunteers
vol-hint-field = A field volunteer needs a home postcode and at least one kind of errand.
vol-hint-radius = Leave empty for the usual distance.
vol-save-new = Add the volunteer
vol-errors-summary = { $count ->
    [one] The form has one mistake:
   *[other] The form has { $count } mistakes:
}
vol-problem = { $field }: { $problem }
vol-error-required = Fill this in.
vol-error-too-long = At most { $limit } characters.
vol-error-postcode = Four digits, such as 1030.
vol-error-choice = “{ $value }” is not one of the choices.
vol-error-phone = Not a valid phone number.
vol-error-phone-taken = Another volunteer already has this phone number.
vol-error-languages-empty = Choose at least one language.
vol-error-languages-repeat = A language is listed twice.
vol-error-roles-missing = Choose phone operator, field volunteer, or both.
vol-error-field-details = A field volunteer needs a home postcode and at least one kind of errand.
vol-error-shift-empty = The shift must end at another time than it starts.
vol-error-number = Type a number.
vol-error-whole-number = Type a whole number.
vol-error-greater-than = Must be more than { $limit }.
vol-error-at-least = Must be at least { $limit }.
vol-error-less-than = Must be less than { $limit }.
vol-error-at-most = Must be at most { $limit }.
vol-error-time = Type a time, such as 09:00.
vol-error-invalid = This value is not accepted.

vol-created-title = { $name } is added
vol-token-intro = This is { $name }’s personal duty token. Give it to them: with it they go on and off duty from the duty app. It is shown this once only and cannot be read again later.
vol-token-label = Duty token
vol-created-open = Open { $name }’s page (shifts, details)
vol-back-to-roster = Back to the roster

vol-import-title = Import volunteers from a CSV file
vol-import-intro = One volunteer per line, with a first line naming the columns: name, phone, languages, roles; for field volunteers also postcode, needs, radius_km, weekly_cap. Separate lists with ; (for example nl;fr or operator;field).
vol-import-all-or-none = Either every line is imported or none: a file with mistakes imports nothing.
vol-import-file = CSV file
vol-import-text = Or paste the CSV text
vol-import-submit = Import
vol-import-rejected = { $count ->
    [one] One line has a mistake, so nothing was imported. Correct it and import again.
   *[other] { $count } lines have mistakes, so nothing was imported. Correct them and import again.
}
vol-import-lines-caption = Lines to correct
vol-col-line = Line
vol-col-problem = Problem
vol-import-too-big = The file is larger than { $kb } kB: split it in parts.
vol-import-empty = Choose a file or paste the CSV text.
vol-import-unreadable = This cannot be read as CSV (look for a quote that is not closed).
vol-import-missing-columns = Columns missing from the first line: { $columns }.
vol-import-unknown-columns = Unknown columns: { $columns }.
vol-import-too-many-rows = Too many lines for one import: split the file.
vol-import-more-fields = More values than columns.
vol-import-unknown-roles = Unknown role { $roles } (use operator or field).
vol-import-repeated-phone = Same phone number as line { $line }.
vol-import-phone-taken = This phone number already belongs to a volunteer.
vol-import-no-rows = The file has no volunteer lines.

vol-details = Details
vol-save = Save the changes
vol-status = Status
vol-deactivated-note = { $name } is deactivated: they are offered no calls and no errands.
vol-sms-opted-out-long = Asked not to receive SMS.
vol-sms-ok-long = Receives SMS offers.
vol-added = Added on
vol-deactivate = Deactivate
vol-deactivate-hint = A deactivated volunteer is offered no calls and no errands; an operator on duty goes off duty at once.
vol-deactivate-confirm = Deactivate { $name }?
vol-reactivate = Reactivate
vol-shifts = Weekly shifts
vol-shifts-intro = An operator is put on duty when a shift starts and off duty when it ends. A shift that ends before it starts ends the next day.
vol-shifts-none = No weekly shift yet.
vol-shifts-not-operator = Weekly shifts are for phone operators.
vol-shift-next-day = (next day)
vol-shift-remove = Remove
vol-shift-remove-label = Remove the shift on { $day } from { $starts } to { $ends }
vol-shift-add = Add a shift
vol-shift-add-submit = Add the shift
vol-col-actions = Actions

vol-coverage-title = Coverage next week
vol-coverage-week = From { $from } to { $until }.
vol-coverage-intro = For each hour the hotline is open: how many operators who speak the language have a weekly shift covering the whole hour. An hour with nobody is a gap.
vol-coverage-gaps = { $count ->
    [0] no gap
    [one] one gap
   *[other] { $count } gaps
}
vol-coverage-summary = Gaps per language
vol-coverage-hour = Hour
vol-coverage-gap-cell = 0 — gap
vol-coverage-closed = closed
vol-coverage-none = The hotline is closed all week.

notice-vol-created = The volunteer is added.
notice-vol-saved = The changes are saved.
notice-vol-imported = Every line of the file was imported.
notice-vol-deactivated = The volunteer is deactivated.
notice-vol-reactivated = The volunteer is active again.
notice-vol-shift-added = The shift is added.
notice-vol-shift-removed = The shift is removed.
