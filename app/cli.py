"""The `hotline` command: run the server, the demo, a terminal phone, and admin tasks.

hotline serve                      run the app (uvicorn) on the configured database
hotline demo                       a simulated day of calls into the database, the
                                   console login, then serve
hotline call                       be the caller yourself, in the terminal
hotline migrate                    alembic upgrade head
hotline coordinator create NAME [--role admin|coordinator|partner|operator]
        [--organisation ORG] [--volunteer ID]
                                   an account (a coordinator unless --role says
                                   otherwise; a partner names its organisation, an
                                   operator their volunteer id): asks for a console
                                   password, prints an API token for integrations
hotline coordinator role NAME --role ROLE [--organisation ORG] [--volunteer ID]
                                   give an account another role (audited)
hotline coordinator password NAME  set a coordinator's console password
hotline coordinator token create NAME --name LABEL [--expires-in-days N]
                                   a named API token (printed once)
hotline coordinator token list NAME
hotline coordinator token revoke NAME TOKEN_ID
hotline volunteers import FILE     CSV import (all rows or none)
hotline volunteers list
hotline purge [--dry-run]          delete or anonymise what is past its retention
                                   (recordings at the provider too); reports counts
hotline erase NUMBER               remove or anonymise everything about a phone
                                   number (receipt in the audit log)
hotline export NUMBER              what the hotline holds about a number, as JSON
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.clock import SystemClock
from app.config import get_settings
from app.db import create_engine, create_sessionmaker
from app.errors import AppError
from app.migrate import upgrade_head


def _serve(host: str, port: int) -> None:
    import uvicorn

    from app.ops.logs import uvicorn_log_config

    uvicorn.run(
        "app.main:app_factory",
        factory=True,
        host=host,
        port=port,
        log_level="info",
        # Text or JSON lines (HOTLINE_LOG_FORMAT), the access log included.
        log_config=uvicorn_log_config(get_settings()),
    )


async def _create_coordinator(
    name: str, password: str | None, args: argparse.Namespace
) -> str:
    from app.auth import service as auth_service
    from app.auth.roles import Role

    settings = get_settings()
    engine = create_engine(settings.database.url)
    try:
        async with create_sessionmaker(engine)() as session:
            return await auth_service.create_coordinator(
                session,
                name,
                now=SystemClock().now(),
                password=password,
                role=Role(args.role),
                organisation=args.organisation,
                volunteer_id=args.volunteer,
            )
    finally:
        await engine.dispose()


async def _change_role(args: argparse.Namespace) -> str:
    from app.audit.service import CLI
    from app.auth import service as auth_service
    from app.auth.roles import Role

    settings = get_settings()
    engine = create_engine(settings.database.url)
    try:
        async with create_sessionmaker(engine)() as session:
            account = await auth_service.change_role(
                session,
                username=args.name,
                role=Role(args.role),
                organisation=args.organisation,
                volunteer_id=args.volunteer,
                actor=CLI,
                now=SystemClock().now(),
            )
            return f"{account.username!r} is now {account.role}; open sessions ended"
    finally:
        await engine.dispose()


def _add_role_arguments(
    parser: argparse.ArgumentParser, *, default: str | None
) -> None:
    roles = ("admin", "coordinator", "partner", "operator")
    parser.add_argument(
        "--role", choices=roles, default=default, required=default is None
    )
    parser.add_argument("--organisation", default=None, help="a partner's organisation")
    parser.add_argument(
        "--volunteer", type=int, default=None, help="an operator's volunteer id"
    )


async def _set_password(name: str, password: str) -> None:
    from app.auth import service as auth_service

    settings = get_settings()
    engine = create_engine(settings.database.url)
    try:
        async with create_sessionmaker(engine)() as session:
            await auth_service.set_password(session, username=name, password=password)
    finally:
        await engine.dispose()


async def _token_action(args: argparse.Namespace) -> list[str]:
    """`coordinator token create|list|revoke`: the lines to print."""
    from app.auth import service as auth_service

    settings = get_settings()
    engine = create_engine(settings.database.url)
    now = SystemClock().now()
    try:
        async with create_sessionmaker(engine)() as session:
            coordinator = await auth_service.coordinator_named(session, args.name)
            if args.token_action == "create":
                issued = await auth_service.create_token(
                    session,
                    coordinator,
                    name=args.label,
                    expires_in_days=args.expires_in_days,
                    now=now,
                )
                until = issued.expires_at.isoformat() if issued.expires_at else "never"
                return [
                    f"API token {issued.id} {issued.name!r} of {coordinator.username!r}"
                    f" (expires: {until}), shown once:",
                    issued.token,
                ]
            if args.token_action == "revoke":
                revoked = await auth_service.revoke_token(
                    session, coordinator, args.token_id, now=now
                )
                return [f"API token {revoked.id} {revoked.name!r} is revoked"]
            tokens = await auth_service.list_tokens(session, coordinator)
    finally:
        await engine.dispose()

    def when(value: datetime | None, empty: str) -> str:
        return value.strftime("%Y-%m-%d %H:%M") if value else empty

    lines = [
        f"{'ID':>5}  {'NAME':<24} {'CREATED':<16}  {'LAST USED':<16}  "
        f"{'EXPIRES':<16}  STATE"
    ]
    for token in tokens:
        if token.revoked_at is not None:
            state = "revoked " + when(token.revoked_at, "")
        elif token.expires_at is not None and token.expires_at <= now:
            state = "expired"
        else:
            state = "active"
        lines.append(
            f"{token.id:>5}  {token.name or '-':<24} {when(token.created_at, '-'):<16}"
            f"  {when(token.last_used_at, 'never'):<16}"
            f"  {when(token.expires_at, 'never'):<16}  {state}"
        )
    return lines


def _ask_password(args: argparse.Namespace) -> str | None:
    """From stdin (--password-stdin, for scripts), else asked twice at the terminal."""
    if getattr(args, "no_password", False):
        return None
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Console password: ")
    if getpass.getpass("Again: ") != first:
        raise AppError("the two passwords differ")
    return first


async def _import_volunteers(path: Path) -> int:
    from app.audit.service import CLI
    from app.volunteers import service as volunteer_service

    settings = get_settings()
    engine = create_engine(settings.database.url)
    text = await asyncio.to_thread(path.read_text, encoding="utf-8")
    try:
        async with create_sessionmaker(engine)() as session:
            volunteers = await volunteer_service.import_csv(
                session, text, now=SystemClock().now(), actor=CLI
            )
            return len(volunteers)
    finally:
        await engine.dispose()


async def _list_volunteers() -> list[str]:
    from app.volunteers import repository

    settings = get_settings()
    engine = create_engine(settings.database.url)
    try:
        async with create_sessionmaker(engine)() as session:
            items, _ = await repository.list_volunteers(
                session, role=None, duty_state=None, limit=10_000, offset=0
            )
    finally:
        await engine.dispose()
    lines: list[str] = []
    for v in items:
        roles = " ".join(
            role
            for role, has in (
                ("operator", v.is_operator),
                (f"field:{v.home_postcode}", v.is_field),
            )
            if has
        )
        lines.append(
            f"{v.id:>5}  {v.name:<30} {v.phone_number:<14} "
            f"{','.join(v.languages):<9} {roles:<24} {v.duty_state}"
        )
    return lines


async def _privacy_action(args: argparse.Namespace) -> str:
    """`purge`, `erase NUMBER`, `export NUMBER`: what to print."""
    from app.audit.service import CLI
    from app.phone_numbers import to_e164
    from app.privacy import service as privacy_service
    from app.telephony.twilio_adapter import TwilioTelephonyClient

    settings = get_settings()
    number = None
    if args.command in ("erase", "export"):
        number = to_e164(args.number)
        if number is None:
            raise AppError(f"not a valid phone number: {args.number!r}")
    engine = create_engine(settings.database.url)
    now = SystemClock().now()
    try:
        async with create_sessionmaker(engine)() as session:
            if args.command == "export":
                assert number is not None
                held = await privacy_service.export(session, number, now=now, actor=CLI)
                return held.model_dump_json(indent=2)
            telephony = TwilioTelephonyClient(settings)
            if args.command == "erase":
                assert number is not None
                receipt = await privacy_service.erase(
                    session, telephony, number, now=now, actor=CLI
                )
                return "\n".join(
                    [f"erased {receipt.number_masked}:"]
                    + [
                        f"  {key.replace('_', ' ')}: {value}"
                        for key, value in receipt.model_dump(
                            exclude={"number_masked", "erased_at"}
                        ).items()
                    ]
                )
            report = await privacy_service.purge(
                session,
                telephony,
                settings.retention,
                now=now,
                is_dry_run=args.dry_run,
                actor=CLI,
            )
            return "\n".join(report.lines())
    finally:
        await engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hotline", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    demo = sub.add_parser(
        "demo", help="seed a simulated day, print the console login, then serve"
    )
    demo.add_argument("--no-serve", action="store_true", help="exit after seeding")
    demo.add_argument("--port", type=int, default=8000)
    sub.add_parser("call", help="be the caller, in the terminal")
    sub.add_parser("migrate", help="alembic upgrade head")
    coordinator = sub.add_parser("coordinator", help="coordinator accounts")
    coordinator_sub = coordinator.add_subparsers(dest="action", required=True)
    create = coordinator_sub.add_parser("create", help="create an account")
    create.add_argument("name")
    _add_role_arguments(create, default="coordinator")
    create.add_argument("--password-stdin", action="store_true")
    create.add_argument(
        "--no-password", action="store_true", help="API token only, no console login"
    )
    role = coordinator_sub.add_parser("role", help="give an account another role")
    role.add_argument("name")
    _add_role_arguments(role, default=None)
    password = coordinator_sub.add_parser("password", help="set a console password")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true")
    token = coordinator_sub.add_parser("token", help="a coordinator's API tokens")
    token_sub = token.add_subparsers(dest="token_action", required=True)
    token_create = token_sub.add_parser("create", help="a new named API token")
    token_create.add_argument("name", help="the coordinator's user name")
    token_create.add_argument(
        "--name", dest="label", required=True, help="what the token is for"
    )
    token_create.add_argument(
        "--expires-in-days", type=int, default=None, help="default: never"
    )
    token_list = token_sub.add_parser("list", help="list the tokens (no secrets)")
    token_list.add_argument("name", help="the coordinator's user name")
    token_revoke = token_sub.add_parser("revoke", help="revoke a token")
    token_revoke.add_argument("name", help="the coordinator's user name")
    token_revoke.add_argument("token_id", type=int)
    volunteers = sub.add_parser("volunteers", help="volunteers")
    volunteers_sub = volunteers.add_subparsers(dest="action", required=True)
    imp = volunteers_sub.add_parser("import", help="import a CSV file")
    imp.add_argument("file", type=Path)
    volunteers_sub.add_parser("list", help="list volunteers")
    purge = sub.add_parser(
        "purge", help="delete or anonymise what is past its retention"
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="only count, change nothing"
    )
    erase = sub.add_parser(
        "erase", help="remove or anonymise everything about a phone number"
    )
    erase.add_argument("number", help="the phone number, in any usual format")
    export = sub.add_parser(
        "export", help="what the hotline holds about a phone number, as JSON"
    )
    export.add_argument("number", help="the phone number, in any usual format")
    return parser


def _settings_problems(exc: ValidationError) -> list[str]:
    """One line per problem, without pydantic's traceback-like decoration."""
    lines: list[str] = []
    for error in exc.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        where = ".".join(str(part) for part in error["loc"])
        lines.extend(
            f"{where}: {line}" if where else line for line in message.splitlines()
        )
    return lines


class DemoUnavailable(Exception):
    """Demo and simulator are dev tools; the production image leaves them out."""


def _demo_entry(name: str) -> Any:
    try:
        import demo
    except ModuleNotFoundError as exc:
        raise DemoUnavailable(
            "the demo and the Twilio simulator are not installed here (the production "
            "image leaves them out); run it from a source checkout: make demo"
        ) from exc
    return getattr(demo, name)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as exc:
        for line in _settings_problems(exc):
            print(f"error: {line}", file=sys.stderr)
        return 2
    try:
        if args.command == "serve":
            _serve(args.host, args.port)
        elif args.command == "demo":
            run_demo = _demo_entry("run_demo")

            upgrade_head(settings.database.url)
            print(asyncio.run(run_demo(settings, port=args.port)))
            if not args.no_serve:
                print(f"\nServing http://127.0.0.1:{args.port} (Ctrl-C stops).")
                _serve("127.0.0.1", args.port)
        elif args.command == "call":
            run_interactive_call = _demo_entry("run_interactive_call")

            upgrade_head(settings.database.url)
            asyncio.run(run_interactive_call(settings))
        elif args.command == "migrate":
            upgrade_head(settings.database.url)
            print("database is at the latest revision")
        elif args.command == "coordinator" and args.action == "create":
            upgrade_head(settings.database.url)
            token = asyncio.run(
                _create_coordinator(args.name, _ask_password(args), args)
            )
            print(
                f"{args.role} {args.name!r} created. API token (shown once):\n{token}"
            )
        elif args.command == "coordinator" and args.action == "role":
            upgrade_head(settings.database.url)
            print(asyncio.run(_change_role(args)))
        elif args.command == "coordinator" and args.action == "token":
            upgrade_head(settings.database.url)
            print("\n".join(asyncio.run(_token_action(args))))
        elif args.command == "coordinator":
            upgrade_head(settings.database.url)
            new_password = _ask_password(args)
            assert new_password is not None
            asyncio.run(_set_password(args.name, new_password))
            print(f"console password of {args.name!r} set; open sessions ended")
        elif args.command == "volunteers" and args.action == "import":
            upgrade_head(settings.database.url)
            count = asyncio.run(_import_volunteers(args.file))
            print(f"imported {count} volunteers")
        elif args.command == "volunteers":
            upgrade_head(settings.database.url)
            print("\n".join(asyncio.run(_list_volunteers())) or "no volunteers")
        elif args.command in ("purge", "erase", "export"):
            upgrade_head(settings.database.url)
            print(asyncio.run(_privacy_action(args)))
    except AppError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except DemoUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
