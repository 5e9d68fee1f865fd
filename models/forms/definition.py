"""A Daftar form definition: what an imported XLSForm becomes (JSON-serialisable).

Labels, hints and messages are dicts keyed by language code (``en``, ``ur``; ``default``
when the XLSForm has no language columns). Expressions are kept as written in the
XLSForm (``${age} >= 18``); :mod:`models.forms.xpath` translates them when evaluating.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Question types Daftar can collect (XLSForm names).
QUESTION_TYPES = ("text", "integer", "decimal", "date", "select_one", "select_multiple",
                  "note", "calculate")
#: Types whose value a person enters (notes and calculations are not asked).
INPUT_TYPES = ("text", "integer", "decimal", "date", "select_one", "select_multiple")


@dataclass
class Choice:
    """One option of a choice list; ``filters`` holds the extra columns a
    ``choice_filter`` can test (``province`` for a district list)."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)


@dataclass
class Group:
    """A ``begin group`` … ``end group`` block: a section of the form."""

    name: str
    path: str  # "section_a/household": names of the enclosing groups and this one
    labels: dict[str, str] = field(default_factory=dict)
    relevant: str = ""
    parent: str | None = None
    row: int = 0


@dataclass
class Question:
    """One row of the ``survey`` sheet that is not a group boundary."""

    name: str
    type: str  # one of QUESTION_TYPES
    path: str  # groups and name joined by "/"
    group: str | None = None  # name of the innermost group
    labels: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    list_name: str | None = None  # selects only
    required: str = ""  # an expression; "true()" for XLSForm's "yes"
    required_message: dict[str, str] = field(default_factory=dict)
    constraint: str = ""
    constraint_message: dict[str, str] = field(default_factory=dict)
    relevant: str = ""
    calculation: str = ""
    choice_filter: str = ""
    default: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # "daftar::x" columns, as {"x": …}
    row: int = 0

    @property
    def asks(self) -> bool:
        """Whether a person answers this question (not a note or calculation)."""
        return self.type in INPUT_TYPES


@dataclass
class FormDefinition:
    """A whole form, one version of it."""

    form_id: str
    version: str
    title: dict[str, str]
    languages: list[str]  # codes, default language first
    language_names: dict[str, str]  # "en" → "English (en)"
    questions: list[Question]
    groups: list[Group] = field(default_factory=list)
    choices: dict[str, list[Choice]] = field(default_factory=dict)
    #: The analysts' sealing key (``settings`` sheet, ``public_key``): when set, every
    #: finalized response is sealed to it (:mod:`models.sealing`). A PC whose Daftar does
    #: not know this field refuses the form rather than keep its answers readable.
    public_key: str | None = None

    def question(self, name: str) -> Question:
        for q in self.questions:
            if q.name == name:
                return q
        raise KeyError(name)

    def group(self, name: str) -> Group:
        for g in self.groups:
            if g.name == name:
                return g
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if data["public_key"] is None:  # unsealed forms: the JSON older PCs know
            del data["public_key"]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormDefinition:
        data = dict(data)
        data["questions"] = [Question(**q) for q in data["questions"]]
        data["groups"] = [Group(**g) for g in data.get("groups", [])]
        data["choices"] = {k: [Choice(**c) for c in v] for k, v in data.get("choices", {}).items()}
        return cls(**data)


def text_in(texts: dict[str, str], language: str, fallback: list[str] | None = None) -> str:
    """The text in *language*, else in the first of *fallback* that has one, else any."""
    if texts.get(language):
        return texts[language]
    for code in fallback or ():
        if texts.get(code):
            return texts[code]
    return next((t for t in texts.values() if t), "")
