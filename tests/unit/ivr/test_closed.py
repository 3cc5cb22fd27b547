"""The closed message: opening days from the configuration in natural words, public
holidays, and no callback promised to a hidden number."""

from __future__ import annotations

from dataclasses import replace

from app.ivr import menu
from app.ivr.menu import MenuContext, VoicemailInput
from app.ivr.prompts import load_catalogue
from app.telephony import instructions as ins

CATALOGUE = load_catalogue(("nl", "fr", "en", "de"))


def ctx(**changes: object) -> MenuContext:
    base = MenuContext(
        catalogue=CATALOGUE,
        default_language="nl",
        max_retries=2,
        gather_timeout_s=7,
        is_open=False,
        open_from="09:00",
        open_until="17:00",
        place_for_postcode=lambda _postcode, _language: None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def texts(step: menu.Step) -> list[str]:
    return [i.text for i in step.script.instructions if isinstance(i, ins.Say)]


def test_the_closed_message_names_the_configured_days_and_hours() -> None:
    step = menu.start(ctx(open_days=(0, 1, 2, 3, 4)), known_language="en")

    said = texts(step)
    assert said[0] == (
        "The hotline is closed now. We are open Monday to Friday from 09:00 to 17:00. "
        "After the tone, please say your name, your telephone number, and how we can "
        "help. A volunteer will call you back."
    )
    assert CATALOGUE["en"].text("closed_holiday") not in said


def test_on_a_public_holiday_the_caller_is_told_why_it_is_closed() -> None:
    step = menu.start(ctx(holiday=True), known_language="de")

    said = texts(step)
    assert said[0] == "Heute ist ein Feiertag."
    assert "jeden Tag von 09:00 bis 17:00" in said[1]
    assert menu.ClosedReached("de") in step.effects


def test_a_hidden_number_is_not_promised_a_callback_after_the_voicemail() -> None:
    hidden = ctx(number_known=False)
    for recording, expected in (
        (VoicemailInput("https://rec/1", 12), "voicemail_thanks_hidden"),
        (VoicemailInput(None, 0), "voicemail_empty_hidden"),
    ):
        step = menu.voicemail_left("fr", recording, hidden)
        assert texts(step)[0] == CATALOGUE["fr"].text(expected)
    closed = menu.start(hidden, known_language="fr")
    assert CATALOGUE["fr"].text("voicemail_empty_hidden") in texts(closed)
    assert CATALOGUE["fr"].text("voicemail_empty") not in texts(closed)


def test_the_closed_message_says_where_to_turn_in_the_callers_language() -> None:
    expected = {
        "nl": "Bij nood, bel 112. Voor een luisterend oor, dag en nacht: "
        "Tele-Onthaal, 106.",
        "fr": "En cas d'urgence, appelez le 112. Pour parler à quelqu'un qui écoute, "
        "jour et nuit : Télé-Accueil, 107.",
        "de": "Im Notfall rufen Sie die 112 an. Für ein offenes Ohr, Tag und Nacht: "
        "TelefonHilfe, 108.",
        "en": "In an emergency, call 112. To talk to someone who listens, day and "
        "night: Tele-Onthaal, 106 or Télé-Accueil, 107.",
    }
    for language, sentence in expected.items():
        step = menu.start(ctx(), known_language=language)

        instructions = step.script.instructions
        record = next(
            i for i, x in enumerate(instructions) if isinstance(x, ins.Record)
        )
        said = texts(menu.Step(ins.Script(instructions[:record])))
        assert said[-1] == sentence


def test_where_to_turn_follows_the_configuration() -> None:
    configured = ctx(
        emergency_number="101",
        listening_lines={"en": ("Line A, 1 2 3", "Line B, 4 5 6", "Line C, 7 8 9")},
    )

    en = texts(menu.start(configured, known_language="en"))
    nl = texts(menu.start(configured, known_language="nl"))

    assert (
        "In an emergency, call 101. To talk to someone who listens, day and night: "
        "Line A, 1 2 3, Line B, 4 5 6 or Line C, 7 8 9." in en
    )
    assert "Bij nood, bel 101." in nl  # no listening line configured for Dutch


def test_a_caller_with_no_language_hears_where_to_turn_in_every_language() -> None:
    step = menu.step(
        "language", language=None, retries=0, heard=menu.CallerInput(), ctx=ctx()
    )

    said = texts(step)
    for language in ("nl", "fr", "en", "de"):
        assert menu.where_to_turn(ctx(), CATALOGUE[language]).text in said
