"""The audit log: who saw a person's full details, exported data, changed a request, a
volunteer, an account or a setting, and when. Append-only; visible to admins."""
