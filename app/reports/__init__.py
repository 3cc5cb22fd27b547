"""Reports: the hotline's figures over a period (calls, answer times, service level)."""
