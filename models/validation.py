"""Pure validation of what a clerk types, with messages a clerk understands.

Every function either returns the normalised value or raises :class:`InvalidInput`
naming the field and saying, in plain words, what is wrong and what to type instead.
Messages are marked for translation with ``N_``; the desktop translates them in the
``validation`` context.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import phonenumbers
from stdnum.exceptions import InvalidComponent, InvalidLength, ValidationError
from stdnum.pk import cnic as stdnum_cnic

from models.i18n import N_

CTX = "validation"

# Arabic-Indic (U+0660..) and Extended Arabic-Indic / Urdu (U+06F0..) digits to ASCII.
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})

NAME_MAX = 100
DESCRIPTION_MAX = 2000
NOTE_MAX = 2000


@dataclass
class InvalidInput(ValueError):
    """Input a person typed that cannot be accepted; ``message`` says why, in plain words."""

    field: str
    message: str
    args_: dict | None = None

    def __str__(self) -> str:
        return self.text()

    def text(self, translate=None) -> str:
        """The message, translated by ``translate(context, text)`` when given, then filled in."""
        args = dict(self.args_ or {})
        if translate:
            msg = translate(CTX, self.message)
            if "label" in args:
                args["label"] = translate(CTX, args["label"])
        else:
            msg = self.message
        return msg.format(**args)


def ascii_digits(text: str) -> str:
    """Replace Urdu and Arabic-Indic digits by ASCII digits; other characters stay."""
    return text.translate(_DIGITS)


def _spaces_out(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def parse_cnic(text: str) -> str:
    """Return the 13 CNIC digits from *text* (dashes, spaces and Urdu digits allowed).

    Format only: NADRA publishes no check digit, so none is checked.

    >>> parse_cnic("35202-1234567-1")
    '3520212345671'
    """
    raw = _spaces_out(ascii_digits(text or ""))
    if not raw:
        raise InvalidInput("cnic", N_(CTX, "Please type the CNIC number."))
    digits = raw.replace("-", "")
    if not digits.isdigit():
        raise InvalidInput(
            "cnic", N_(CTX, "A CNIC has only digits and dashes, like 35202-1234567-1.")
        )
    if len(digits) != 13:
        raise InvalidInput(
            "cnic",
            N_(CTX, "A CNIC has 13 digits; this one has {count}. Check the card again."),
            {"count": len(digits)},
        )
    if "-" in raw and raw != stdnum_cnic.format(digits):
        raise InvalidInput(
            "cnic", N_(CTX, "The dashes are in the wrong place: write it like 35202-1234567-1.")
        )
    try:
        return stdnum_cnic.validate(digits)
    except (InvalidComponent, InvalidLength, ValidationError):
        raise InvalidInput(
            "cnic",
            N_(CTX, "This is not a valid CNIC number (the first or last digit is wrong). Check the card again."),
        ) from None


def format_cnic(digits: str) -> str:
    """``3520212345671`` → ``35202-1234567-1``."""
    return stdnum_cnic.format(digits)


def mask_cnic(digits: str) -> str:
    """Show only what a receipt needs: ``35202-*******-1``."""
    return f"{digits[:5]}-*******-{digits[12:]}" if len(digits) == 13 else "*****"


def parse_mobile(text: str, *, required: bool = True) -> str | None:
    """Return a Pakistani mobile number in E.164 (``+923001234567``).

    Accepts ``0300-1234567``, ``03001234567``, ``+92 300 1234567``, ``0092…`` and Urdu digits.
    """
    raw = ascii_digits(text or "").strip()
    if not raw:
        if required:
            raise InvalidInput("phone", N_(CTX, "Please type the mobile number."))
        return None
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    allowed = set("+0123456789 -()")
    if any(ch not in allowed for ch in raw):
        raise InvalidInput(
            "phone", N_(CTX, "A mobile number has only digits, like 0300-1234567.")
        )
    try:
        number = phonenumbers.parse(raw, "PK")
    except phonenumbers.NumberParseException:
        raise InvalidInput(
            "phone", N_(CTX, "This is not a mobile number. Type it like 0300-1234567.")
        ) from None
    if number.country_code != 92:
        raise InvalidInput(
            "phone", N_(CTX, "Only Pakistani mobile numbers are accepted (starting 03 or +92 3).")
        )
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidInput(
            "phone",
            N_(CTX, "This is not a valid mobile number: it should have 11 digits and start with 03, like 0300-1234567."),
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_mobile(e164: str | None) -> str:
    """``+923001234567`` → ``0300-1234567`` (how people in Pakistan write it)."""
    if not e164:
        return ""
    if e164.startswith("+92") and len(e164) == 13:
        national = "0" + e164[3:]
        return f"{national[:4]}-{national[4:]}"
    return e164


def clean_text(text: str | None, *, field: str, required: bool, max_length: int,
               label: str) -> str:
    """Trim surrounding spaces, keep everything else exactly as typed (Urdu or English)."""
    value = unicodedata.normalize("NFC", (text or "").strip())
    if not value:
        if required:
            raise InvalidInput(field, N_(CTX, "Please fill in {label}."), {"label": label})
        return ""
    if len(value) > max_length:
        raise InvalidInput(
            field,
            N_(CTX, "{label} is too long: at most {max} letters, this has {count}."),
            {"label": label, "max": max_length, "count": len(value)},
        )
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
        raise InvalidInput(field, N_(CTX, "{label} contains characters that cannot be stored."),
                           {"label": label})
    return value


def parse_name(text: str | None) -> str:
    """A citizen's name in Urdu or English, as typed (only outer spaces trimmed)."""
    value = clean_text(text, field="name", required=True, max_length=NAME_MAX, label=N_(CTX, "the name"))
    if not any(ch.isalpha() for ch in value):
        raise InvalidInput("name", N_(CTX, "A name needs letters, not only digits or signs."))
    return value


def parse_description(text: str | None) -> str:
    return clean_text(text, field="description", required=False, max_length=DESCRIPTION_MAX,
                      label=N_(CTX, "the description"))


def parse_note(text: str | None, *, field: str = "note", label: str = N_(CTX, "the note")) -> str:
    return clean_text(text, field=field, required=True, max_length=NOTE_MAX, label=label)


class InvalidForm(ValueError):
    """Several fields of one form are wrong; ``errors`` maps each field to its problem."""

    def __init__(self, errors: dict[str, InvalidInput]) -> None:
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors

    def text(self, translate=None) -> str:
        return " ".join(e.text(translate) for e in self.errors.values())


def collect(**checks) -> dict:
    """Run each ``field=(function, value)`` check; return the values or raise InvalidForm
    with *every* field's problem at once (so a form can mark all of them together)."""
    values, errors = {}, {}
    for field, (func, value) in checks.items():
        try:
            values[field] = func(value)
        except InvalidInput as exc:
            errors[field] = exc
    if errors:
        raise InvalidForm(errors)
    return values
