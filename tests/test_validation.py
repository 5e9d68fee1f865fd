"""Validation of what clerks type: CNIC, mobile numbers, names, lengths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import validation as v
from models.validation import InvalidForm, InvalidInput

URDU = "۰۱۲۳۴۵۶۷۸۹"
ARABIC = "٠١٢٣٤٥٦٧٨٩"

valid_cnic = st.builds(
    lambda p, mid, last: p + mid + last,
    st.sampled_from("1234567"),
    st.text("0123456789", min_size=11, max_size=11),
    st.sampled_from("123456789"),
)


def _to(digits: str, table: str) -> str:
    return "".join(table[int(c)] if c.isdigit() else c for c in digits)


@given(valid_cnic)
def test_cnic_accepted_in_every_written_form(digits):
    dashed = f"{digits[:5]}-{digits[5:12]}-{digits[12]}"
    for typed in (digits, dashed, f"  {dashed} ", _to(dashed, URDU), _to(digits, ARABIC)):
        assert v.parse_cnic(typed) == digits
    assert v.format_cnic(digits) == dashed


@given(st.text("0123456789", min_size=1, max_size=20).filter(lambda s: len(s) != 13))
def test_cnic_wrong_length_says_how_many_digits(digits):
    with pytest.raises(InvalidInput) as err:
        v.parse_cnic(digits)
    assert err.value.field == "cnic"
    assert str(len(digits)) in str(err.value)


@given(st.text(min_size=1, max_size=20).filter(
    lambda s: s.strip() and any(not (c.isdigit() or c in "- ") for c in s.strip())))
def test_cnic_with_letters_is_refused_plainly(text):
    with pytest.raises(InvalidInput) as err:
        v.parse_cnic(text)
    assert err.value.field == "cnic"


@pytest.mark.parametrize("typed", ["0520212345671", "8520212345671", "3520212345670"])
def test_cnic_province_and_gender_digit_checked(typed):
    with pytest.raises(InvalidInput, match="not a valid CNIC"):
        v.parse_cnic(typed)


def test_cnic_dashes_in_wrong_place():
    with pytest.raises(InvalidInput, match="dashes"):
        v.parse_cnic("3520-21234567-1")


def test_mask_cnic_keeps_first_block_and_last_digit():
    assert v.mask_cnic("3520212345671") == "35202-*******-1"


# Network codes in use (Jazz, Zong, Warid, Ufone, Telenor, SCO): 0338 is unassigned.
mobile_digits = st.builds(
    lambda net, rest: f"{net}{rest}",
    st.sampled_from([n for n in range(300, 350) if n != 338] + [355]),
    st.text("0123456789", min_size=7, max_size=7),
)


@given(mobile_digits)
def test_mobile_accepted_in_every_written_form(d):
    e164 = "+92" + d
    national = "0" + d
    for typed in (national, f"{national[:4]}-{national[4:]}", f"+92 {d[:3]} {d[3:]}",
                  "0092" + d, _to(national, URDU), f"+92-{d}"):
        assert v.parse_mobile(typed) == e164
    assert v.format_mobile(e164) == f"{national[:4]}-{national[4:]}"


@pytest.mark.parametrize("typed", ["042-99201234", "0300-12345", "+44 7911 123456", "03OO1234567",
                                   "12"])
def test_mobile_refused_with_reason(typed):
    with pytest.raises(InvalidInput) as err:
        v.parse_mobile(typed)
    assert err.value.field == "phone"
    assert "0300-1234567" in str(err.value) or "Pakistani" in str(err.value)


def test_mobile_optional_when_not_required():
    assert v.parse_mobile("  ", required=False) is None


@given(st.text(alphabet=st.characters(categories=["L", "M", "Zs"]), min_size=1, max_size=100)
       .filter(lambda s: s.strip() and any(c.isalpha() for c in s)))
def test_names_kept_exactly_as_typed(name):
    import unicodedata

    assert v.parse_name(name) == unicodedata.normalize("NFC", name.strip())


def test_urdu_name_kept():
    assert v.parse_name(" محمد علی ") == "محمد علی"


def test_name_too_long_gives_limit_and_count():
    with pytest.raises(InvalidInput) as err:
        v.parse_name("a" * 101)
    assert "100" in str(err.value) and "101" in str(err.value)


def test_collect_reports_every_field_at_once():
    with pytest.raises(InvalidForm) as err:
        v.collect(cnic=(v.parse_cnic, "12"), name=(v.parse_name, ""),
                  phone=(v.parse_mobile, "0300-1234567"))
    assert set(err.value.errors) == {"cnic", "name"}


def test_translation_hook_translates_message_and_label():
    calls = []

    def translate(ctx, text):
        calls.append((ctx, text))
        return "«" + text + "»"

    with pytest.raises(InvalidInput) as err:
        v.parse_name("")
    assert err.value.text(translate) == "«Please fill in «the name».»"
    assert ("validation", "the name") in calls
