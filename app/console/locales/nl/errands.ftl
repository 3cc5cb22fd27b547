## De boodschappen: waarom een vraag terug op de werklijst staat
work-reason-neighbour_did_not_come = De buur is niet gekomen (opvolgoproep)

## Het oproeplog: de oproepen van de boodschappen
calls-purpose-neighbour = Afgeschermde oproepen van buren
calls-purpose-followup = Opvolgoproepen
calls-outcome-errand_call = Buur en aanvrager hebben gesproken
calls-outcome-errand_unanswered = De aanvrager nam niet op
calls-outcome-errand_no_number = Geen nummer om te bellen
calls-outcome-no_longer_needed = Niet meer nodig
calls-outcome-followup_came = De buur is gekomen
calls-outcome-followup_not_came = De buur is niet gekomen
calls-outcome-followup_unanswered = Niet beantwoord
