### English: Text messages to volunteers.
### Same messages in every language (tests enforce it); { $name } is filled
### in by the app.

sms_offer = Solidarity Hotline: a neighbour in { $place } needs help with { $need }. Can you help this week? Reply YES { $code } or NO { $code }.
sms_taken = Thank you! Request { $code } has already been taken by another neighbour.
sms_declined = No problem, we will ask someone else for { $code }.
sms_done = Thank you for your help with { $code }!
sms_stop = You will not receive help requests by SMS anymore. Reply START to receive them again.
sms_start = Welcome back! You will receive help requests by SMS again.
sms_help = Solidarity Hotline: reply YES <code> to take a request, NO <code> to pass, DONE <code> when it is done, STOP to stop receiving requests.
