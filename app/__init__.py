"""Solidarity Hotline: telephone backend for a neighbourhood-help callcenter."""
