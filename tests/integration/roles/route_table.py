"""Who may use every route of the app: the declared table the role tests hold the
app to. A route missing here fails tests/integration/roles/test_every_route.py:
whoever adds a route declares who may use it.

Values: a set of roles (app.auth.roles.Role values) allowed, PUBLIC (anyone, no
account needed), TWILIO (Twilio's signed webhooks: no account may call them
unsigned), OPS_TOKEN (its own bearer secret, HOTLINE_OPS__METRICS_TOKEN) or
SIGNED_LINK (the signed, expiring link in the path is the key: without a valid one,
no account gets in).
"""

from __future__ import annotations

from typing import Final

PUBLIC: Final = "public"
TWILIO: Final = "twilio"
OPS_TOKEN: Final = "ops-token"
SIGNED_LINK: Final = "signed-link"

ALL = frozenset({"admin", "coordinator", "partner", "operator"})
STAFF = frozenset({"admin", "coordinator"})
STAFF_PARTNER = STAFF | {"partner"}
ADMIN = frozenset({"admin"})
OPERATOR = frozenset({"operator"})

Access = frozenset[str] | str

ROUTES: dict[tuple[str, str], Access] = {
    # FastAPI's own pages, the home redirect, probes.
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("GET", "/"): PUBLIC,
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/metrics"): OPS_TOKEN,
    ("MOUNT", "/console/static"): PUBLIC,
    # Twilio webhooks.
    ("POST", "/twilio/voice"): TWILIO,
    ("POST", "/twilio/ivr/voicemail"): TWILIO,
    ("POST", "/twilio/ivr/{node}"): TWILIO,
    ("POST", "/twilio/status"): TWILIO,
    ("POST", "/twilio/queue/enter"): TWILIO,
    ("POST", "/twilio/queue/wait"): TWILIO,
    ("POST", "/twilio/queue/hold-key"): TWILIO,
    ("POST", "/twilio/queue/left"): TWILIO,
    ("POST", "/twilio/queue/overflow"): TWILIO,
    ("POST", "/twilio/queue/connect/{offer_id}"): TWILIO,
    ("POST", "/twilio/queue/after-bridge"): TWILIO,
    ("POST", "/twilio/offer/{offer_id}/answer"): TWILIO,
    ("POST", "/twilio/offer/{offer_id}/decision"): TWILIO,
    ("POST", "/twilio/offer/{offer_id}/status"): TWILIO,
    ("POST", "/twilio/callback/{offer_id}/answer"): TWILIO,
    ("POST", "/twilio/callback/{offer_id}/status"): TWILIO,
    # Played by Twilio's <Play>: a synthesised sound, nothing personal.
    ("GET", "/twilio/queue/hold-music.wav"): PUBLIC,
    ("POST", "/twilio/duty/pin"): TWILIO,
    ("POST", "/twilio/duty"): TWILIO,
    ("POST", "/twilio/sms"): TWILIO,
    ("POST", "/twilio/confirm/{request_id}"): TWILIO,
    ("POST", "/twilio/confirm/{request_id}/status"): TWILIO,
    ("POST", "/twilio/outage/choice"): TWILIO,
    ("POST", "/twilio/wrapup/{offer_id}"): TWILIO,
    ("POST", "/twilio/wrapup/{offer_id}/choice"): TWILIO,
    ("POST", "/twilio/wrapup/{offer_id}/note"): TWILIO,
    ("POST", "/twilio/errands/neighbour"): TWILIO,
    ("POST", "/twilio/errands/neighbour/code"): TWILIO,
    ("POST", "/twilio/errands/neighbour/pin"): TWILIO,
    ("POST", "/twilio/errands/neighbour/dialled/{request_id}"): TWILIO,
    ("POST", "/twilio/errands/requester/{request_id}"): TWILIO,
    ("POST", "/twilio/errands/followup/{request_id}"): TWILIO,
    ("POST", "/twilio/errands/followup/{request_id}/answer"): TWILIO,
    ("POST", "/twilio/errands/followup/{request_id}/status"): TWILIO,
    # Calls.
    ("GET", "/api/calls"): STAFF,
    ("GET", "/api/calls/{call_id}"): STAFF,
    ("POST", "/api/calls/{call_id}/reveal"): STAFF,
    # Help requests: partners read and enter their organisation's own.
    ("GET", "/api/requests"): STAFF_PARTNER,
    ("GET", "/api/requests/board"): STAFF_PARTNER,
    ("GET", "/api/requests/{request_id}"): STAFF_PARTNER,
    ("POST", "/api/requests/{request_id}/reveal"): STAFF_PARTNER,
    ("POST", "/api/requests"): STAFF_PARTNER,
    ("POST", "/api/requests/import"): STAFF_PARTNER,
    ("PATCH", "/api/requests/{request_id}"): STAFF,
    ("GET", "/api/requests/{request_id}/candidates"): STAFF,
    ("POST", "/api/requests/{request_id}/match"): STAFF,
    ("POST", "/api/requests/{request_id}/assign"): STAFF,
    ("POST", "/api/requests/{request_id}/close"): STAFF,
    ("POST", "/api/requests/{request_id}/reopen"): STAFF,
    ("POST", "/api/requests/{request_id}/approve"): STAFF,
    # Volunteers.
    ("GET", "/api/volunteers"): STAFF,
    ("POST", "/api/volunteers"): STAFF,
    ("POST", "/api/volunteers/import"): STAFF,
    ("GET", "/api/volunteers/roster"): STAFF,
    ("GET", "/api/volunteers/coverage"): STAFF,
    ("GET", "/api/volunteers/{volunteer_id}"): STAFF,
    ("POST", "/api/volunteers/{volunteer_id}/reveal"): STAFF,
    ("PATCH", "/api/volunteers/{volunteer_id}"): STAFF,
    ("PUT", "/api/volunteers/{volunteer_id}/shifts"): STAFF,
    ("PUT", "/api/volunteers/{volunteer_id}/duty"): STAFF,
    # The operator's own duty and calls.
    ("GET", "/api/duty"): OPERATOR,
    ("PUT", "/api/duty"): OPERATOR,
    ("GET", "/api/duty/calls"): OPERATOR,
    # Board, queue, work list, reports, ban list.
    ("GET", "/api/board"): STAFF,
    ("GET", "/api/queue"): STAFF,
    ("GET", "/api/work"): STAFF,
    ("POST", "/api/work/{kind}/{request_id}/claim"): STAFF,
    ("POST", "/api/work/{kind}/{request_id}/release"): STAFF,
    ("POST", "/api/work/{kind}/{request_id}/done"): STAFF,
    ("GET", "/api/reports"): STAFF,
    ("GET", "/api/bans"): STAFF,
    ("POST", "/api/bans"): STAFF,
    ("DELETE", "/api/bans/{ban_id}"): STAFF,
    # Everyone's own API tokens.
    ("GET", "/api/tokens"): ALL,
    ("POST", "/api/tokens"): ALL,
    ("DELETE", "/api/tokens/{token_id}"): ALL,
    # Admins: accounts, the audit log, retention and the rights of a person.
    ("GET", "/api/accounts"): ADMIN,
    ("POST", "/api/accounts"): ADMIN,
    ("PUT", "/api/accounts/{username}/role"): ADMIN,
    ("GET", "/api/audit"): ADMIN,
    ("GET", "/api/audit/export"): ADMIN,
    ("POST", "/api/privacy/purge"): ADMIN,
    ("POST", "/api/privacy/erasure"): ADMIN,
    ("POST", "/api/privacy/export"): ADMIN,
    # Console: signing in and out, the language.
    ("GET", "/console/login"): PUBLIC,
    ("POST", "/console/login"): PUBLIC,
    ("POST", "/console/logout"): ALL,
    ("GET", "/console/language/{language}"): PUBLIC,
    # The home page sends partners and operators to their own page.
    ("GET", "/console"): ALL,
    ("GET", "/console/board/fragment"): STAFF,
    ("GET", "/console/board/live"): STAFF,
    ("POST", "/console/operators/{volunteer_id}/away"): STAFF,
    ("POST", "/console/operators/{volunteer_id}/available"): STAFF,
    ("POST", "/console/callbacks/{entry_id}/ring"): STAFF,
    ("GET", "/console/work"): STAFF,
    ("POST", "/console/work/{kind}/{request_id}/claim"): STAFF,
    ("POST", "/console/work/{kind}/{request_id}/release"): STAFF,
    ("POST", "/console/work/{kind}/{request_id}/done"): STAFF,
    ("GET", "/console/volunteers"): STAFF,
    ("GET", "/console/volunteers/new"): STAFF,
    ("POST", "/console/volunteers/new"): STAFF,
    ("GET", "/console/volunteers/import"): STAFF,
    ("POST", "/console/volunteers/import"): STAFF,
    ("GET", "/console/volunteers/coverage"): STAFF,
    ("GET", "/console/volunteers/{volunteer_id:int}"): STAFF,
    ("POST", "/console/volunteers/{volunteer_id:int}"): STAFF,
    ("POST", "/console/volunteers/{volunteer_id:int}/deactivate"): STAFF,
    ("POST", "/console/volunteers/{volunteer_id:int}/reactivate"): STAFF,
    ("POST", "/console/volunteers/{volunteer_id:int}/shifts"): STAFF,
    ("POST", "/console/volunteers/{volunteer_id:int}/shifts/{shift_id:int}/remove"): (
        STAFF
    ),
    ("GET", "/console/requests"): STAFF_PARTNER,
    ("GET", "/console/requests/live"): STAFF_PARTNER,
    ("GET", "/console/requests.csv"): STAFF,
    ("GET", "/console/requests/new"): STAFF_PARTNER,
    ("GET", "/console/requests/import"): STAFF_PARTNER,
    ("POST", "/console/requests/import"): STAFF_PARTNER,
    ("POST", "/console/requests/{request_id:int}/approve"): STAFF,
    ("GET", "/console/requests/{request_id:int}/wrapup-note"): STAFF,
    # The operator's wrap-up form, reached by the signed link sent to their phone.
    ("GET", "/console/operator/{token}"): SIGNED_LINK,
    ("POST", "/console/operator/{token}"): SIGNED_LINK,
    ("POST", "/console/requests/new"): STAFF_PARTNER,
    ("GET", "/console/requests/{request_id:int}"): STAFF_PARTNER,
    ("POST", "/console/requests/{request_id:int}/reveal"): STAFF_PARTNER,
    ("GET", "/console/requests/{request_id:int}/fragment"): STAFF_PARTNER,
    ("GET", "/console/requests/{request_id:int}/live"): STAFF_PARTNER,
    ("POST", "/console/requests/{request_id:int}/edit"): STAFF,
    ("POST", "/console/requests/{request_id:int}/match"): STAFF,
    ("POST", "/console/requests/{request_id:int}/assign"): STAFF,
    ("POST", "/console/requests/{request_id:int}/close"): STAFF,
    ("POST", "/console/requests/{request_id:int}/reopen"): STAFF,
    ("GET", "/console/calls"): STAFF,
    ("GET", "/console/calls.csv"): STAFF,
    ("GET", "/console/calls/{call_id:int}"): STAFF,
    ("GET", "/console/voicemails/{request_id:int}/audio"): STAFF,
    ("GET", "/console/reports"): STAFF,
    ("GET", "/console/reports/{table}.csv"): STAFF,
    ("GET", "/console/bans"): STAFF,
    ("POST", "/console/bans"): STAFF,
    ("POST", "/console/bans/{ban_id}/remove"): STAFF,
    ("GET", "/console/tokens"): ALL,
    ("POST", "/console/tokens"): ALL,
    ("POST", "/console/tokens/{token_id}/revoke"): ALL,
    ("GET", "/console/me"): OPERATOR,
    ("POST", "/console/me/duty"): OPERATOR,
    ("GET", "/console/audit"): ADMIN,
    ("GET", "/console/audit.{export_format}"): ADMIN,
}

# A value for each path parameter: ids that exist nowhere (an allowed role then
# gets 404 and nothing is changed), or a valid word where the path needs one.
PATH_VALUES: dict[str, str] = {
    "call_id": "999999",
    "request_id": "999999",
    "volunteer_id": "999999",
    "shift_id": "999999",
    "ban_id": "999999",
    "token_id": "999999",
    "offer_id": "nowhere",
    "entry_id": "nowhere",
    "node": "language",
    "kind": "callback",
    "table": "nowhere",
    "language": "en",
    "username": "nobody",
    "export_format": "csv",
    "token": "not-a-signed-link",
}
