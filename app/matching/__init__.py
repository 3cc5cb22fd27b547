"""Matching help requests to field volunteers: the pure policy and its index."""
