work-title = Work list
work-intro = What a person must do next, oldest first. Claim an item before you act on it, so nobody else does the same.
work-callbacks-heading = { $count ->
    [0] Nobody to call back
    [one] One person to call back
   *[other] { $count } people to call back
}
work-callbacks-caption = Callers who asked to be called back and did not answer when the hotline rang them.
work-callbacks-empty = Every caller who asked for a callback has been reached.
work-voicemails-heading = { $count ->
    [0] No voicemail to handle
    [one] One voicemail to handle
   *[other] { $count } voicemails to handle
}
work-voicemails-caption = Messages left on the hotline that nobody has handled yet.
work-voicemails-empty = Every voicemail has been handled.
work-escalations-heading = { $count ->
    [0] No request needs a coordinator
    [one] One request needs a coordinator
   *[other] { $count } requests need a coordinator
}
work-escalations-caption = Requests for which automatic matching found no neighbour.
work-escalations-empty = No request is waiting for a coordinator.
work-col-person = Number
work-col-language = Language
work-col-need = Need
work-col-place = Postcode
work-col-attempts = Attempts
work-col-last-attempt = Last attempt
work-col-message = Message
work-col-duration = Length
work-col-left-at = Left at
work-col-request = Request
work-col-escalated-at = Escalated at
work-col-reason = Why
work-col-claimed = Claimed
work-col-actions = Actions
work-play = Voicemail from { $caller }
work-download = Download the voicemail
work-request-link = Request { $id }
work-reason-no_volunteer_in_range = No volunteer nearby
work-reason-no_volunteer_accepted = No volunteer said yes
work-reason-missing_details = Details missing: { $fields }
work-reason-other = Matching stopped
work-field-need = need
work-field-language = language
work-field-postcode = postcode
work-not-claimed = Nobody yet
work-claimed-by = { $name } since { $time }
work-claimed-by-you = You, since { $time }
work-claim-callback = I’ll call back
work-claim-voicemail = I’ll handle it
work-claim-escalation = I’ll handle it
work-done-callback = Reached
work-done-voicemail = Mark handled
work-done-escalation = Dealt with
work-release = Release
notice-work-claimed = The item is yours: nobody else will take it. The full number is shown to you only.
notice-work-released = The item is free again for anyone to take.
notice-work-done = Done: the item has left the work list.
notice-work-taken = Someone else claimed this item first: their name is shown beside it.
