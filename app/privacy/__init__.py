"""Personal data kept only as long as needed: retention purge, erasure and export
for one phone number (GDPR)."""
