# De pagina van de operator: de oproep die ze voeren, geopend via de ge-sms'te link.

op-title = Uw oproep
op-hello = Dag { $name }. Deze pagina toont de oproep die u nu voert en de oproep die u net had.
op-no-call = U hebt nog geen oproep aangenomen. Deze pagina toont ze zodra u er een aanneemt.
op-call-live = Nu aan de lijn
op-call-ended = Uw laatste oproep (beëindigd)
op-caller = Nummer
op-started = Begonnen
op-before = Eerdere oproepen en aanvragen van dit nummer
op-before-none = Geen: dit nummer belt voor het eerst.
op-earlier-call = oproep ({ $outcome })
op-form = Wat een buur moet weten (aanvraag { $id })
op-form-until = U kunt dit invullen tot
op-form-closed = Deze oproep is meer dan 30 minuten geleden beëindigd: een coördinator vult de aanvraag nu verder aan.
op-form-invalid = Enkele gegevens kloppen niet; zie hieronder.
op-error-invalid = Deze waarde is niet geldig.
op-error-postcode = Dit is geen Belgische postcode in gebruik.
op-save = Opslaan
notice-op-saved = Opgeslagen. Dank u!
op-expired-title = Deze link is verlopen
op-expired = Voor uw veiligheid werkt de link naar uw pagina maar een beperkte tijd. Ga opnieuw in dienst (bel de hulplijn met uw telefoon en druk 1) en u krijgt een nieuwe link per sms.
