"""The overflow choice (nobody can take the call now): keys and speech, in every
language; a hidden number is never offered or promised a callback."""

from __future__ import annotations

import pytest

from app.ivr import overflow
from app.ivr.menu import CallerInput
from app.ivr.prompts import LanguagePack, load_catalogue

LANGUAGES = ("nl", "fr", "en", "de")
CATALOGUE = load_catalogue(LANGUAGES)
KNOWN = overflow.Options(can_call_back=True, can_wait=True)
HIDDEN = overflow.Options(can_call_back=False, can_wait=True)
NOBODY = overflow.Options(can_call_back=True, can_wait=False)
HIDDEN_NOBODY = overflow.Options(can_call_back=False, can_wait=False)
SAID = {
    "nl": ("bel me terug alstublieft", "ik wil een bericht inspreken", "ik wacht"),
    "fr": ("rappelez-moi s'il vous plaît", "laisser un message", "je vais attendre"),
    "en": ("please call me back", "I'll leave a message", "I will wait"),
    "de": ("bitte rufen Sie mich zurück", "eine Nachricht hinterlassen", "ich warte"),
}


def pack(language: str) -> LanguagePack:
    return CATALOGUE[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_option_is_announced_with_its_words_and_key(language: str) -> None:
    texts = [s.text for s in overflow.prompts(pack(language), KNOWN)]

    assert len(texts) == 4
    for text, key in zip(texts, ("1", "2", "0"), strict=False):
        assert key in text
    options = (
        pack(language).text("overflow_callback_option"),
        pack(language).text("overflow_message_option"),
        pack(language).text("overflow_wait_option"),
        pack(language).text("repeat_option"),
    )
    assert tuple(texts) == options


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_hidden_number_is_not_offered_a_callback(language: str) -> None:
    texts = [s.text for s in overflow.prompts(pack(language), HIDDEN_NOBODY)]

    assert pack(language).text("overflow_callback_option") not in texts
    assert pack(language).text("overflow_wait_option") not in texts
    assert pack(language).text("overflow_message_option") in texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_keys_choose(language: str) -> None:
    p = pack(language)

    assert overflow.choose(p, CallerInput(digits="1"), KNOWN) == "callback"
    assert overflow.choose(p, CallerInput(digits="2"), KNOWN) == "voicemail"
    assert overflow.choose(p, CallerInput(digits="0"), KNOWN) == "wait"
    assert overflow.choose(p, CallerInput(digits="*"), KNOWN) == "repeat"
    assert overflow.choose(p, CallerInput(digits="7"), KNOWN) == "retry"
    assert overflow.choose(p, CallerInput(), KNOWN) == "retry"


@pytest.mark.parametrize("language", LANGUAGES)
def test_speech_chooses_in_every_language(language: str) -> None:
    p = pack(language)
    callback, message, wait = SAID[language]

    assert overflow.choose(p, CallerInput(speech=callback), KNOWN) == "callback"
    assert overflow.choose(p, CallerInput(speech=message), KNOWN) == "voicemail"
    assert overflow.choose(p, CallerInput(speech=wait), KNOWN) == "wait"
    repeat = p.speech["repeat"][0]
    assert overflow.choose(p, CallerInput(speech=repeat), KNOWN) == "repeat"
    assert overflow.choose(p, CallerInput(speech="euh"), KNOWN) == "retry"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_announced_words_are_understood(language: str) -> None:
    """The word quoted in each option ("say 'call back'") chooses that option."""
    p = pack(language)
    for word, choice in (
        (p.speech["callback"][0], "callback"),
        (p.speech["message"][0], "voicemail"),
        (p.speech["wait"][0], "wait"),
    ):
        assert overflow.choose(p, CallerInput(speech=word), KNOWN) == choice
    texts = " ".join(s.text for s in overflow.prompts(p, KNOWN)).casefold()
    for intent in ("callback", "message", "wait"):
        assert p.speech[intent][0] in texts, intent


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_hidden_number_asking_for_a_callback_is_told_it_cannot(language: str) -> None:
    p = pack(language)

    assert overflow.choose(p, CallerInput(digits="1"), HIDDEN) == "no_callback"
    assert overflow.default(HIDDEN) == "voicemail"
    assert overflow.default(KNOWN) == "callback"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_without_anyone_on_duty_means_a_callback_or_a_message(
    language: str,
) -> None:
    p = pack(language)
    person = p.speech["operator"][0]

    assert overflow.choose(p, CallerInput(digits="0"), NOBODY) == "callback"
    assert overflow.choose(p, CallerInput(speech=person), NOBODY) == "callback"
    assert overflow.choose(p, CallerInput(digits="0"), HIDDEN_NOBODY) == "voicemail"
    assert overflow.choose(p, CallerInput(speech=person), KNOWN) == "wait"


def test_the_menu_listens_for_speech_with_automatic_end() -> None:
    gather = overflow.gather(pack("fr"), KNOWN, "/twilio/queue/overflow?lang=fr")

    assert gather.speech_locale == pack("fr").speech_locale
    assert gather.speech_timeout == "auto"
    assert gather.action_on_empty_result
    assert "rappeler" in gather.hints
