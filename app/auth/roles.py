"""Who may do what: the four account roles and the one check every route makes.

Pure: no I/O, no FastAPI. The dependencies that apply it live beside their
authentication:

- bearer API (app/auth/dependencies.py): `AccountDep` (any role), `CoordinatorDep`
  (admin or coordinator), `AdminDep`, `PartnerDep` (partner, coordinator or admin),
  `OperatorAccountDep`, or `api_account(Role.X, ...)` for another set;
- console pages (app/console/security.py): `ViewerDep` (admin or coordinator),
  `AdminViewerDep`, `AnyViewerDep`, or `console_viewer(Role.X, ...)`.

A signed-in account whose role is not allowed gets 403 (`RoleRefused`); nobody
signed in gets 401 on the API and the login page in the console.

- admin: settings, accounts, retention, the audit log; and everything a
  coordinator may do (a small hotline's admin is also one of its coordinators).
- coordinator: everything operational (calls, requests, volunteers, queue, reports).
- partner: an organisation entering requests on someone's behalf; sees only its
  own organisation's requests and their outcome.
- operator: a phone volunteer; their own duty and their current and recent calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from app.errors import Forbidden, NotFound


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    PARTNER = "partner"
    OPERATOR = "operator"


# Everything operational: the roles behind CoordinatorDep and ViewerDep.
STAFF: frozenset[Role] = frozenset({Role.ADMIN, Role.COORDINATOR})
# Who may ask to see a phone number, name or address in full (audited); a partner
# only for its own organisation's requests.
MAY_REVEAL: frozenset[Role] = frozenset({Role.ADMIN, Role.COORDINATOR, Role.PARTNER})
EVERYONE: frozenset[Role] = frozenset(Role)


class RoleRefused(Forbidden):
    """The account is signed in, but its role may not do this."""


class OutOfScope(NotFound):
    """A partner asked for a request of another organisation."""


def parse_role(value: str) -> Role:
    """The role stored on an account; an unknown value (a newer release's role
    read by an older one) is treated as the least privileged: operator."""
    try:
        return Role(value)
    except ValueError:
        return Role.OPERATOR


def ensure_role(role: Role | str, allowed: Iterable[Role]) -> Role:
    """`role` when it is one of `allowed`, else RoleRefused."""
    actual = parse_role(role) if not isinstance(role, Role) else role
    allowed_set = frozenset(allowed)
    if actual not in allowed_set:
        names = ", ".join(sorted(allowed_set))
        raise RoleRefused(f"this needs the role {names}; you are {actual}")
    return actual


def organisation_scope(role: Role | str, organisation: str | None) -> str | None:
    """The organisation whose requests an account is limited to: a partner's own
    (a partner without one sees nothing: an impossible name), None for the roles
    that see every request."""
    if parse_role(role) is Role.PARTNER:
        return organisation or "\x00none"
    return None


def ensure_in_scope(scope: str | None, organisation: str | None) -> None:
    """Refuse a request outside an account's organisation. Told as "not found", so
    a partner cannot learn which request numbers exist elsewhere."""
    if scope is not None and organisation != scope:
        raise OutOfScope("help request not found")
