"""Call the hotline from a terminal: the simulator in real time, a person typing.

Usage: python -m twilio_simulator.cli --voice-url http://127.0.0.1:8000/... \
    --auth-token TOKEN [--rest-port 8765 --operator +32470123456]

Prompts are printed as text; type digits, words, an empty line (silence) or `h`.
With --rest-port the simulator's REST API is served so the app can dial operators.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Sequence

import uvicorn

from app.clock import SystemClock
from twilio_simulator.engine import TwilioSimulator
from twilio_simulator.parties import InteractiveCaller, OperatorPhone

DEFAULT_ACCOUNT_SID = "AC" + "0" * 32


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voice-url", required=True)
    parser.add_argument("--status-callback")
    parser.add_argument("--sms-url")
    parser.add_argument("--auth-token", required=True)
    parser.add_argument("--account-sid", default=DEFAULT_ACCOUNT_SID)
    parser.add_argument("--from", dest="from_", default="+3225551234")
    parser.add_argument("--to", default="+3228089654")
    parser.add_argument("--operator", action="append", default=[])
    parser.add_argument("--operator-talk-s", type=float, default=60.0)
    parser.add_argument("--rest-port", type=int)
    parser.add_argument("--sms", help="send this SMS instead of placing a call")
    return parser


async def _run(args: argparse.Namespace) -> int:
    async with TwilioSimulator(
        account_sid=args.account_sid, auth_token=args.auth_token, clock=SystemClock()
    ) as sim:
        sim.add_number(
            args.to,
            voice_url=args.voice_url,
            status_callback=args.status_callback,
            sms_url=args.sms_url,
        )
        for number in args.operator:
            sim.phone(number, OperatorPhone(talk_s=args.operator_talk_s))
        server = None
        if args.rest_port is not None:
            config = uvicorn.Config(
                sim.rest_app, port=args.rest_port, log_level="warning"
            )
            server = uvicorn.Server(config)
            server_task = asyncio.get_running_loop().create_task(server.serve())
            print(f"REST API on http://127.0.0.1:{args.rest_port}")
        try:
            if args.sms is not None:
                for reply in await sim.send_sms(
                    from_=args.from_, to=args.to, body=args.sms
                ):
                    print(f"reply: {reply}")
            else:
                call = await sim.place_call(
                    from_=args.from_, to=args.to, party=InteractiveCaller()
                )
                await sim.run_until_idle(max_virtual_seconds=4 * 3600)
                print()
                print(call.transcript.format())
        finally:
            if server is not None:
                server.should_exit = True
                with contextlib.suppress(asyncio.CancelledError):
                    await server_task
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(_run(args))
    return 130


if __name__ == "__main__":
    raise SystemExit(main())
