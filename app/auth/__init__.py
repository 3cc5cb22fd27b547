"""Coordinator accounts and API tokens: no anonymous access to the coordinator API."""
