"""Tracking numbers: format, uniqueness per device and day, and the check character."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from models import tracking

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"
numbers = st.builds(
    tracking.make,
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=2, max_size=8),
    st.dates(date(2020, 1, 1), date(2099, 12, 31)),
    st.integers(1, 99),
    st.integers(1, 99999),
)


def test_example_shape():
    tn = tracking.make("LHR1", date(2026, 11, 28), 2, 42)
    assert tn.startswith("LHR1-261128-020042-")
    assert tracking.is_valid(tn)
    assert tracking.normalise(tn.lower().replace("-", " ")) == tn


@given(numbers, st.data())
def test_every_single_mistyped_character_is_caught(tn, data):
    raw = tracking.compact(tn)
    i = data.draw(st.integers(0, len(raw) - 1))
    wrong = data.draw(st.sampled_from([c for c in ALPHABET if c != raw[i]]))
    assert not tracking.is_valid(raw[:i] + wrong + raw[i + 1:])


@given(numbers, st.data())
def test_every_swap_of_neighbours_is_caught(tn, data):
    raw = tracking.compact(tn)
    i = data.draw(st.integers(0, len(raw) - 2))
    if raw[i] != raw[i + 1]:
        swapped = raw[:i] + raw[i + 1] + raw[i] + raw[i + 2:]
        assert not tracking.is_valid(swapped)


def test_devices_and_days_never_collide():
    seen = set()
    for office in ("LHR1", "KHI1"):
        for device in (1, 2, 3):
            for day in (date(2026, 11, 28), date(2026, 11, 29)):
                for seq in range(1, 200):
                    seen.add(tracking.make(office, day, device, seq))
    assert len(seen) == 2 * 3 * 2 * 199


def test_garbage_is_not_a_tracking_number():
    for text in ("", "hello", "LHR1-261128", "35202-1234567-1"):
        assert not tracking.is_valid(text)
        assert tracking.normalise(text) is None


def test_long_sequences_with_digit_ending_office_codes_are_found_again():
    tn = tracking.make("LHR1", date(2026, 11, 28), 2, 12345)
    assert tn in tracking.candidates(tracking.compact(tn))
    assert tracking.candidates(tn.lower()) == [tn]
