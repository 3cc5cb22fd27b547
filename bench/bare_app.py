"""Baseline of bench/webhook.py and bench/dialogue.py: a bare FastAPI endpoint
returning constant TwiML for every webhook path."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import Response

TWIML = (
    '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/next" '
    'numDigits="1"><Say language="nl-BE" voice="Polly.Lisa-Neural">Welkom</Say>'
    "</Gather></Response>"
)

app = FastAPI()


@app.post("/twilio/{path:path}")
async def webhook() -> Response:
    return Response(TWIML, media_type="application/xml")


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
