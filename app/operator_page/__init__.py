"""The operator's personal page: a signed, expiring link to the call they are on."""
