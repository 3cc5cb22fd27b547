"""Benchmark: how long each kind of caller listens before a volunteer's queue.

    python -m bench.caller_journey [--lines nl,fr,en,de fr,nl,en nl,en]
                                   [--rate PERCENT] [--break-ms MS]
                                   [--timeout 7] [--json F]

For each line (its languages, the first being the main one) and each language, five
callers walk the real menu (app/ivr/menu.py) with the real prompts (prompts/):
typical (listens to every menu, then language, groceries, postcode 1030), fastest
(presses their language, then 0, as soon as each is announced), silent (presses
nothing), returning (known language and postcode: groceries, then 1 to "still 1030,
Schaerbeek?") and speech-only (says the language, "groceries" and the postcode digit
by digit). Seconds are what the caller hears, from the prompt-duration model
(app/ivr/timing.py: characters per second per language at the SSML speaking rate
--rate, default the configured HOTLINE_IVR__SPEECH_RATE, with --break-ms after each
menu option, default HOTLINE_IVR__OPTION_BREAK_MS) plus the silences they sit
through (the menus' timeouts), until
they are queued. Printed side by side with the budgets of issue 11.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.config import IvrSettings
from app.ivr import journeys, menu
from app.ivr.prompts import load_catalogue
from app.ivr.timing import SpeechTiming

PLACES = {"1030": "Schaerbeek"}

CALLERS = ("typical", "fastest", "silent", "returning", "speech")
BUDGETS = {
    "typical": journeys.TYPICAL_BUDGET_S,
    "fastest": journeys.PERSON_BUDGET_S,
    "silent": journeys.SILENT_BUDGET_S,
    "returning": journeys.TYPICAL_BUDGET_S,
    "speech": journeys.TYPICAL_BUDGET_S,
}


def _ctx(
    languages: tuple[str, ...], timeout_s: int, rate: int, break_ms: int
) -> menu.MenuContext:
    return menu.MenuContext(
        catalogue=load_catalogue(languages, rate=rate, option_break_ms=break_ms),
        default_language=languages[0],
        max_retries=2,
        gather_timeout_s=timeout_s,
        is_open=True,
        open_from="08:00",
        open_until="20:00",
        place_for_postcode=lambda postcode, _language: PLACES.get(postcode),
    )


def _journey(
    ctx: menu.MenuContext, caller: str, language: str, timing: SpeechTiming
) -> journeys.Journey:
    match caller:
        case "typical":
            return journeys.walk(ctx, journeys.typical(language), timing=timing)
        case "fastest":
            return journeys.walk(ctx, journeys.fastest(language), timing=timing)
        case "silent":
            return journeys.walk(ctx, journeys.silent, timing=timing)
        case "returning":
            return journeys.walk(
                ctx,
                journeys.typical(language),
                known_language=language,
                known_postcode=journeys.POSTCODE,
                timing=timing,
            )
        case _:
            return journeys.walk(ctx, journeys.speaking(ctx, language), timing=timing)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--lines", nargs="+", default=["nl,fr,en,de", "fr,nl,en", "nl,en"]
    )
    defaults = IvrSettings()
    parser.add_argument(
        "--rate", type=int, default=defaults.speech_rate, help="speaking rate, %%"
    )
    parser.add_argument(
        "--break-ms",
        type=int,
        default=defaults.option_break_ms,
        help="silence after each menu option, ms",
    )
    parser.add_argument("--timeout", type=int, default=7, help="menu timeout, s")
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
    header = f"{'line':<12} {'lang':<5}" + "".join(
        f" {c + f' ({BUDGETS[c]:.0f})':>19}" for c in CALLERS
    )
    print(header)
    for spec in args.lines:
        languages = tuple(spec.split(","))
        ctx = _ctx(languages, args.timeout, args.rate, args.break_ms)
        for language in languages:
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
                        "line": spec,
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
            print(f"{spec:<12} {language:<5}" + "".join(f" {c:>19}" for c in cells))
    print(f"{over} journeys over budget (target 0); silent callers: no language stored")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "over_budget": over}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
