"""Benchmark: how long each kind of caller listens before a volunteer's queue.

    python -m bench.caller_journey [--lines-file docker/lines.example.json]
                                   [--lines nl,fr,en,de fr,nl,en nl,en]
                                   [--rate PERCENT] [--break-ms MS]
                                   [--timeout S] [--json F]

For each line of the deployment (HOTLINE_LINES, or the lines of --lines-file, a
JSON list as HOTLINE_LINES takes it, or ad hoc lines of --lines: their languages,
the first being the main one) and each of its languages, five callers walk the real
menu (app/ivr/menu.py) as that line runs it (its name in the greeting, its languages
in its order, its keys) with the real prompts (prompts/): typical (listens to every
menu, then language, groceries, postcode 1030), fastest (presses their language,
then 0, as soon as each is announced), silent (presses nothing), returning (known
language and postcode: hears the other-language offer in every language of the
line, then groceries, then 1 to "still 1030, Schaerbeek?") and speech-only (says the
language, "groceries" and the postcode digit by digit). Seconds are what the caller
hears, from the prompt-duration model (app/ivr/timing.py: characters per second per
language at the SSML speaking rate --rate, default the configured
HOTLINE_IVR__SPEECH_RATE, with --break-ms after each menu option, default
HOTLINE_IVR__OPTION_BREAK_MS) plus the silences they sit through (the menus'
timeouts, --timeout, default HOTLINE_IVR__GATHER_TIMEOUT_S), until they are queued.
Printed side by side with the budgets of issue 11.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from pydantic import TypeAdapter

from app.config import Line, LineSettings, Settings
from app.ivr import journeys, lines, menu
from app.ivr.prompts import load_catalogue
from app.ivr.timing import SpeechTiming

PLACES = {"1030": "Schaerbeek"}
# Any moment will do: the journeys are timed as if the line were open.
MOMENT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

CALLERS = ("typical", "fastest", "silent", "returning", "speech")
BUDGETS = {
    "typical": journeys.TYPICAL_BUDGET_S,
    "fastest": journeys.PERSON_BUDGET_S,
    "silent": journeys.SILENT_BUDGET_S,
    "returning": journeys.TYPICAL_BUDGET_S,
    "speech": journeys.TYPICAL_BUDGET_S,
}


def _lines(settings: Settings, args: argparse.Namespace) -> tuple[Line, ...]:
    if args.lines:
        return tuple(_ad_hoc(settings, spec) for spec in args.lines)
    if args.lines_file:
        listed = TypeAdapter(tuple[LineSettings, ...]).validate_json(
            args.lines_file.read_text(encoding="utf-8")
        )
        return Settings(lines=listed).hotline_lines
    return settings.hotline_lines


def _ad_hoc(settings: Settings, spec: str) -> Line:
    """A line of the deployment's settings speaking `spec` ("fr,nl,en")."""
    languages = tuple(spec.split(","))
    update = {"languages": languages, "default_language": languages[0]}
    return Line(
        key=spec,
        number=None,
        names={},
        ivr=settings.ivr.model_copy(update={**update, "main_languages": ()}),
    )


def _ctx(line: Line, args: argparse.Namespace) -> menu.MenuContext:
    catalogue = load_catalogue(
        line.languages, rate=args.rate, option_break_ms=args.break_ms
    )
    ctx = lines.menu_context(
        line,
        catalogue,
        now=MOMENT,
        place_for_postcode=lambda postcode, _language: PLACES.get(postcode),
    )
    return dataclasses.replace(
        ctx, is_open=True, holiday=False, gather_timeout_s=args.timeout
    )


def _journey(
    ctx: menu.MenuContext, caller: str, language: str, timing: SpeechTiming
) -> journeys.Journey:
    match caller:
        case "typical":
            return journeys.walk(ctx, journeys.typical(ctx, language), timing=timing)
        case "fastest":
            return journeys.walk(ctx, journeys.fastest(ctx, language), timing=timing)
        case "silent":
            return journeys.walk(ctx, journeys.silent, timing=timing)
        case "returning":
            return journeys.walk(
                ctx,
                journeys.typical(ctx, language),
                known_language=language,
                known_postcode=journeys.POSTCODE,
                timing=timing,
            )
        case _:
            return journeys.walk(ctx, journeys.speaking(ctx, language), timing=timing)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", nargs="+", default=None, metavar="LANGUAGES")
    parser.add_argument("--lines-file", type=Path, default=None)
    settings = Settings()
    parser.add_argument(
        "--rate",
        type=int,
        default=settings.ivr.speech_rate,
        help="speaking rate, %%",
    )
    parser.add_argument(
        "--break-ms",
        type=int,
        default=settings.ivr.option_break_ms,
        help="silence after each menu option, ms",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=settings.ivr.gather_timeout_s,
        help="menu timeout, s",
    )
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    timing = SpeechTiming()
    rows: list[dict[str, object]] = []
    over = 0
    print(
        f"seconds heard until queued (prompts at {args.rate} % with {args.break_ms} ms "
        f"after each option, + silences of {args.timeout} s), key presses / "
        "utterances; budget in brackets"
    )
    header = f"{'line':<12} {'languages':<12} {'lang':<5}" + "".join(
        f" {c + f' ({BUDGETS[c]:.0f})':>19}" for c in CALLERS
    )
    print(header)
    for line in _lines(settings, args):
        ctx = _ctx(line, args)
        spoken = ",".join(line.languages)
        for language in line.languages:
            cells = []
            for caller in CALLERS:
                journey = _journey(ctx, caller, language, timing)
                within = journey.listened_s <= BUDGETS[caller]
                if caller == "fastest":
                    within = within and journey.keys <= journeys.PERSON_BUDGET_KEYS
                over += not within
                stored = journey.stored_language or "-"
                rows.append(
                    {
                        "line": line.key,
                        "languages": list(line.languages),
                        "language": language,
                        "caller": caller,
                        "listened_s": round(journey.listened_s, 1),
                        "keys": journey.keys,
                        "utterances": journey.utterances,
                        "total_s": round(journey.total_s, 1),
                        "budget_s": BUDGETS[caller],
                        "stored_language": journey.stored_language,
                        "outcome": journey.outcome,
                        "within_budget": within,
                    }
                )
                inputs = (
                    f"{journey.utterances}w"
                    if caller == "speech"
                    else f"{journey.keys}k"
                )
                mark = "" if within else " !"
                cells.append(
                    f"{journey.listened_s:5.1f} s {inputs:>3} {stored:>2}{mark}"
                )
            print(
                f"{line.key:<12} {spoken:<12} {language:<5}"
                + "".join(f" {c:>19}" for c in cells)
            )
    print(f"{over} journeys over budget (target 0); silent callers: no language stored")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "over_budget": over}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
