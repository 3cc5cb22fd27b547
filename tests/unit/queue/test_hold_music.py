"""The generated comfort sound: a valid telephone WAV that loops without a click."""

from __future__ import annotations

import io
import wave

from app.queue import hold_music


def test_the_comfort_sound_is_a_short_quiet_telephone_wav() -> None:
    with wave.open(io.BytesIO(hold_music.wav_bytes())) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        assert wav.getframerate() == 8000
        assert wav.getnframes() / wav.getframerate() == hold_music.HOLD_MUSIC_S
    samples = hold_music.samples()
    loudest = max(abs(x) for x in samples)
    assert 0.05 * 32767 < loudest <= hold_music.PEAK * 32767
    # Starts and ends in silence: the loop has no click.
    assert abs(samples[0]) < 50
    assert abs(samples[-1]) < 50
