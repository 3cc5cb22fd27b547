## The errands: why a request came back on the work list
work-reason-neighbour_did_not_come = The neighbour did not come (follow-up call)

## The call log: the errands' calls
calls-purpose-neighbour = Neighbours' masked calls
calls-purpose-followup = Follow-up calls
calls-outcome-errand_call = Neighbour and requester talked
calls-outcome-errand_unanswered = The requester did not answer
calls-outcome-errand_no_number = No number to call
calls-outcome-no_longer_needed = No longer needed
calls-outcome-followup_came = The neighbour came
calls-outcome-followup_not_came = The neighbour did not come
calls-outcome-followup_unanswered = Not answered
