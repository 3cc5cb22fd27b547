"""The coordinators' web console: server-rendered pages over the domain services.

Routes here are thin (auth -> service -> template); queries live in the domains'
repositories and numbers in their services, exactly as for the JSON API.
"""
