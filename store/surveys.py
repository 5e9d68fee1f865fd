"""Survey operations on the local store, each in ONE SQLite transaction.

>>> surveys = Surveys(store)                                            # doctest: +SKIP
>>> surveys.import_form("resources/forms/daftar_governance.xlsx")       # doctest: +SKIP
>>> draft = surveys.start_draft("daftar_governance", "ur", enumerator)  # doctest: +SKIP
>>> surveys.save_answer(draft, "consent", "yes", 2400, actor=enumerator)  # doctest: +SKIP
>>> surveys.finalize(draft, actor=enumerator)                           # doctest: +SKIP

Every change to a draft is its own small transaction (autosave), so a crash loses at most
the change in flight. Every change is made by a signed-in person, checked in its own
transaction: the enumerator who started the draft, or a supervisor or the office admin
(:func:`check_may_change`). A draft is pinned to the form version that was newest when it
started: importing a new version never strands it. Finalizing checks every answer with
:func:`models.forms.evaluate_form` against the draft's own version, then freezes the
response (``status = 'final'``; SQLite triggers refuse any later change) and queues it in
the outbox, in the same transaction.

Skip logic: while a question is not relevant the engine hides it and treats its answer as
empty; the draft still remembers what was typed (as Enketo does), so an enumerator who
taps "no" on consent by mistake and back to "yes" loses nothing. Finalizing keeps only
the answers of relevant questions: the frozen response and its outbox record never hold
an answer to a hidden question.

Sync: the outbox entry is ``("survey_response", response id)``; :func:`wire_response`
turns the stored row into the record pushed to the server (:data:`WIRE_FIELDS`), and
:func:`apply_form` stores a form version pulled from the server inside the sync's own
transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from models import sealing
from models.forms import (
    FormDefinition,
    FormError,
    FormState,
    check_definition,
    coerce,
    defaults,
    evaluate_form,
    load_xlsform,
)
from models.i18n import N_
from models.ids import new_id
from models.validation import InvalidForm, InvalidInput
from store import paths
from store.accounts import authorize
from store.errors import CTX, NotAllowed, NotFound
from store.records import Actor, iso_utc
from store.schema_surveys import SurveyForm, SurveyQuota, SurveyResponse
from store.store import Store

#: The questions whose answers make a response's sampling stratum.
STRATUM_QUESTIONS = {"district": "district", "area": "area",
                     "respondent_type": "respondent_type"}
AREAS = ("urban", "rural")
RESPONDENT_TYPES = ("citizen", "government_employee", "service_user")
OUTBOX_KIND = "survey_response"
DEFAULT_FORM_ID = "daftar_governance"
DEFAULT_FORM_FILE = "daftar_governance.xlsx"
#: The roles that may change (or finish, or throw away) a draft someone else started.
CHANGE_ANY_DRAFT_ROLES = ("supervisor", "office_admin")
#: The fields of a response's outbox record (see :func:`wire_response`).
WIRE_FIELDS = ("id", "form_id", "form_version", "enumerator", "device_id", "language",
               "started_at", "finished_at", "answers", "paradata", "district", "area",
               "respondent_type")


@dataclass(frozen=True)
class FormVersion:
    """One imported version of a form (a line of ``daftar forms list``)."""

    form_id: str
    version: str
    title: dict[str, str]
    xlsx_sha256: str
    imported_at: str
    new: bool = False  # import_form: False when this exact version was already there


@dataclass(frozen=True)
class ResponseRow:
    """A draft or final response, answers included."""

    id: str
    form_id: str
    form_version: str
    enumerator: str
    device_id: str
    language: str
    started_at: str
    updated_at: str
    finished_at: str | None
    status: str
    answers: dict[str, Any]
    paradata: dict[str, dict[str, int]]
    district: str | None
    area: str | None
    respondent_type: str | None
    #: A sealed response's envelope (:mod:`models.sealing`); its ``answers`` and
    #: ``paradata`` are then empty here: only the analysts' private key opens them.
    sealed: dict[str, Any] | None = None


@dataclass(frozen=True)
class QuotaProgress:
    district: str
    area: str
    respondent_type: str
    target: int
    done: int
    #: Who last set or changed the target, their role, and when (None: before the log).
    changed_by: str | None = None
    changed_by_role: str | None = None
    changed_at: str | None = None

    @property
    def remaining(self) -> int:
        return max(self.target - self.done, 0)


@dataclass(frozen=True)
class QuotaChange:
    """One line of the quota log: a target set, changed or removed (``target`` 0)."""

    at: str
    district: str
    area: str
    respondent_type: str
    target: int
    previous: int | None  # None: the stratum had no target
    user_id: str
    actor_name: str
    actor_role: str


def check_may_change(actor: Actor, started_by: str) -> None:
    """Raise :class:`NotAllowed` unless *actor* may change a draft *started_by* started.

    *actor* must be the one :func:`store.accounts.authorize` returned (the account's own
    name and role); *started_by* is the draft's ``enumerator``, the name recorded by
    :meth:`Surveys.start_draft`. The GUI may ask this before opening a draft; the store
    asks it again, in the transaction, on every change."""
    if actor.name != started_by and actor.role not in CHANGE_ANY_DRAFT_ROLES:
        raise NotAllowed(N_(CTX, "This interview was started by {name}; only they (or a "
                                 "supervisor) can change it."), name=started_by)


def _sort_key(version: str) -> tuple:
    # Versions are usually numbers (2026112801); compare them as numbers, else as text.
    return (0, int(version), "") if version.isdigit() else (1, 0, version)


class Surveys:
    """The survey operations of one :class:`~store.store.Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._forms: dict[tuple[str, str], FormDefinition] = {}

    # -- forms --------------------------------------------------------------------------
    def import_form(self, path: str | Path, *, now: datetime | None = None) -> FormVersion:
        """Validate the XLSForm at *path* and keep it as a new version (raises
        :class:`models.forms.FormError`). Importing the same version twice is harmless
        if the file is the same, refused if it differs (a version never changes)."""
        data = Path(path).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        with self.store._read() as conn:  # the same workbook again: nothing to check
            old = conn.execute(text(
                "SELECT form_id, version, title, imported_at FROM survey_form "
                "WHERE xlsx_sha256 = :d"), {"d": digest}).first()
        if old is not None:
            return FormVersion(old.form_id, old.version, json.loads(old.title), digest,
                               old.imported_at, new=False)
        form = load_xlsform(path)
        with self.store._write() as conn:
            return _store_form(conn, form, digest, now)

    def ensure_default_form(self) -> FormVersion:
        """Import Daftar's default instrument (``resources/forms/daftar_governance.xlsx``)
        unless this exact workbook is already here (then it costs one hash and a query)."""
        return self.import_form(paths.resources_dir() / "forms" / DEFAULT_FORM_FILE)

    def apply_form(self, definition_json: dict[str, Any] | str, xlsx_sha256: str, *,
                   now: datetime | None = None) -> FormVersion:
        """Keep a form version pulled from the server (its ``FormDefinition`` JSON), in its
        own transaction. Idempotent; see :func:`apply_form`."""
        with self.store._write() as conn:
            return apply_form(definition_json, xlsx_sha256, conn=conn, now=now)

    def forms(self) -> list[FormVersion]:
        """Every imported version, by form and then newest version first."""
        with self.store._read() as conn:
            rows = conn.execute(text(
                "SELECT form_id, version, title, xlsx_sha256, imported_at FROM survey_form"
            )).all()
        out = [FormVersion(r.form_id, r.version, json.loads(r.title), r.xlsx_sha256,
                           r.imported_at) for r in rows]
        out.sort(key=lambda f: _sort_key(f.version), reverse=True)
        out.sort(key=lambda f: f.form_id)
        return out

    def form(self, form_id: str, version: str | None = None) -> FormDefinition:
        """One version of a form (the newest when *version* is None)."""
        with self.store._read() as conn:
            return self._form(conn, form_id, version)

    def _form(self, conn: Connection, form_id: str, version: str | None) -> FormDefinition:
        if version is None:
            versions = conn.execute(text("SELECT version FROM survey_form WHERE form_id = :f"),
                                    {"f": form_id}).scalars().all()
            if not versions:
                raise NotFound(N_(CTX, "There is no form {form}. Import it first."),
                               form=form_id)
            version = max(versions, key=_sort_key)
        key = (form_id, version)
        if key not in self._forms:
            raw = conn.execute(text(
                "SELECT definition FROM survey_form WHERE form_id = :f AND version = :v"),
                {"f": form_id, "v": version}).scalar()
            if raw is None:
                raise NotFound(N_(CTX, "There is no version {version} of form {form}."),
                               form=form_id, version=version)
            self._forms[key] = FormDefinition.from_json(json.loads(raw))
        return self._forms[key]

    # -- drafts -------------------------------------------------------------------------
    def start_draft(self, form_id: str, language: str, enumerator: Actor, *,
                    version: str | None = None, now: datetime | None = None) -> str:
        """Start a response on *version* of *form_id* (the newest when None); returns its
        id. The response keeps that version to the end. *enumerator* is the signed-in
        person; the name recorded is their account's."""
        moment = iso_utc(now or datetime.now(UTC))
        with self.store._write() as conn:
            enumerator = authorize(conn, enumerator).name
            form = self._form(conn, form_id, version)
            if language not in form.languages:
                raise InvalidInput("language", N_(CTX, "This form has no {language} "
                                                       "version; it has: {languages}."),
                                   {"language": language, "languages": ", ".join(form.languages)})
            device = self.store._device(conn)
            response_id = new_id()
            conn.execute(SurveyResponse.__table__.insert().values(
                id=response_id, form_id=form.form_id, form_version=form.version,
                enumerator=enumerator, device_id=device.device_id, language=language,
                started_at=moment, updated_at=moment, finished_at=None,
                answers=json.dumps(defaults(form), ensure_ascii=False), paradata="{}",
                status="draft", **self._stratum(defaults(form))))
        return response_id

    def save_answer(self, draft_id: str, question: str, value: Any, time_ms: int = 0, *,
                    actor: Actor, now: datetime | None = None) -> Any:
        """Save one answer of a draft (empty clears it); returns the stored value.

        *time_ms* is the time the enumerator spent on the question since the last save;
        the paradata adds it up and counts the changes. *actor* is the signed-in person:
        the one who started the draft, or a supervisor (:func:`check_may_change`).
        """
        moment = iso_utc(now or datetime.now(UTC))
        with self.store._write() as conn:
            row = self._draft_for(conn, draft_id, actor)
            if row.status != "draft":
                raise NotAllowed(N_(CTX, "This response is final and cannot be changed."))
            form = self._form(conn, row.form_id, row.form_version)
            try:
                q = form.question(question)
            except KeyError:
                raise InvalidInput(question, N_(CTX, "This form has no question {name}."),
                                   {"name": question}) from None
            stored = coerce(q, value, form)
            answers = json.loads(row.answers)
            paradata = json.loads(row.paradata)
            if stored is None:
                answers.pop(question, None)
            else:
                answers[question] = stored
            spent = paradata.setdefault(question, {"ms": 0, "changes": 0})
            spent["ms"] += max(int(time_ms or 0), 0)
            spent["changes"] += 1
            conn.execute(text(
                "UPDATE survey_response SET answers = :a, paradata = :p, updated_at = :u, "
                "district = :district, area = :area, respondent_type = :respondent_type "
                "WHERE id = :id AND status = 'draft'"),
                {"a": json.dumps(answers, ensure_ascii=False), "p": json.dumps(paradata),
                 "u": moment, "id": draft_id, **self._stratum(answers)})
        return stored

    def list_drafts(self) -> list[ResponseRow]:
        """Drafts not yet finalized, most recently changed first."""
        return self.list_responses(status="draft")

    def get_response(self, response_id: str) -> ResponseRow:
        with self.store._read() as conn:
            return self._response(self._row(conn, response_id))

    def evaluate(self, response_id: str) -> tuple[FormDefinition, ResponseRow, FormState]:
        """What the survey screen shows for a draft (or a final response): its own form
        version, the stored response, and the engine's view of it (what is relevant,
        filtered choices, current messages in the response's language)."""
        with self.store._read() as conn:
            response = self._response(self._row(conn, response_id))
            form = self._form(conn, response.form_id, response.form_version)
        return form, response, evaluate_form(form, response.answers, response.language)

    def discard_draft(self, draft_id: str, *, actor: Actor) -> None:
        """Throw a draft away (a final response cannot be deleted). *actor* as for
        :meth:`save_answer`."""
        with self.store._write() as conn:
            if self._draft_for(conn, draft_id, actor).status != "draft":
                raise NotAllowed(N_(CTX, "This response is final and cannot be changed."))
            conn.execute(text("DELETE FROM survey_response WHERE id = :id AND status = 'draft'"),
                         {"id": draft_id})

    def finalize(self, draft_id: str, *, actor: Actor,
                 now: datetime | None = None) -> ResponseRow:
        """Check the whole draft against its own form version; if anything is wrong raise
        :class:`InvalidForm` with one message per question (in the draft's language),
        else freeze it and queue it in the outbox — one transaction. *actor* as for
        :meth:`save_answer`.

        When the form has a ``public_key`` the answers and paradata are sealed to it
        (:func:`models.sealing.seal`) in this same transaction: the row keeps only the
        sealed envelope (in ``answers``, as ``{"$sealed": …}``; ``paradata`` becomes
        ``{}``) and its clear details (see :mod:`models.sealing` for which and why). The
        plaintext is then gone from the PC; the returned row has ``sealed`` set and empty
        answers."""
        moment_dt = now or datetime.now(UTC)
        moment = iso_utc(moment_dt)
        with self.store._write() as conn:
            row = self._draft_for(conn, draft_id, actor)
            if row.status != "draft":
                raise NotAllowed(N_(CTX, "This response is already final."))
            form = self._form(conn, row.form_id, row.form_version)
            state = evaluate_form(form, json.loads(row.answers), row.language)
            if state.errors:
                raise InvalidForm({
                    name: InvalidInput(name, message.replace("{", "{{").replace("}", "}}"))
                    for name, message in state.errors.items()})
            device = self.store._device(conn)
            stratum = self._stratum(state.values)
            answers, paradata = json.dumps(state.values, ensure_ascii=False), row.paradata
            if form.public_key:
                # The draft's plaintext is overwritten in this transaction; secure_delete
                # also zeroes the old row's bytes in the page instead of leaving them
                # in free space.
                conn.exec_driver_sql("PRAGMA secure_delete = ON")
                details = {**dict(row._mapping), "finished_at": moment, **stratum}
                envelope = sealing.seal(
                    {"answers": state.values, "paradata": json.loads(row.paradata)},
                    form.public_key, details)
                answers, paradata = json.dumps({sealing.SEALED_KEY: envelope}), "{}"
            conn.execute(text(
                "UPDATE survey_response SET status = 'final', answers = :a, paradata = :p, "
                "finished_at = :f, updated_at = :f, district = :district, area = :area, "
                "respondent_type = :respondent_type WHERE id = :id AND status = 'draft'"),
                {"a": answers, "p": paradata, "f": moment, "id": draft_id, **stratum})
            device.outbox(OUTBOX_KIND, draft_id, moment_dt)
            self.store._flush(conn, device)
            return self._response(self._row(conn, draft_id))

    def count_responses(self, *, status: str | None = None,
                        form_id: str | None = None) -> int:
        """How many responses :meth:`list_responses` would give without a limit."""
        sql, params = "SELECT count(*) FROM survey_response WHERE 1 = 1", {}
        if status:
            sql += " AND status = :status"
            params["status"] = status
        if form_id:
            sql += " AND form_id = :form_id"
            params["form_id"] = form_id
        with self.store._read() as conn:
            return conn.execute(text(sql), params).scalar_one()

    def list_responses(self, *, status: str | None = None, form_id: str | None = None,
                       limit: int | None = None) -> list[ResponseRow]:
        """Responses (drafts and final), most recently changed first."""
        where, params = [], {}
        if status:
            where.append("status = :status")
            params["status"] = status
        if form_id:
            where.append("form_id = :form_id")
            params["form_id"] = form_id
        sql = "SELECT * FROM survey_response"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY updated_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = int(limit)
        with self.store._read() as conn:
            return [self._response(r) for r in conn.execute(text(sql), params)]

    def _draft_for(self, conn: Connection, draft_id: str, actor: Actor):
        """The row of *draft_id* once *actor*'s session is checked (before anything
        else) and the draft is theirs to change (:func:`check_may_change`)."""
        person = authorize(conn, actor)
        row = self._row(conn, draft_id)
        check_may_change(person, row.enumerator)
        return row

    def _row(self, conn: Connection, response_id: str):
        row = conn.execute(text("SELECT * FROM survey_response WHERE id = :id"),
                           {"id": response_id}).first()
        if row is None:
            raise NotFound(N_(CTX, "There is no survey response {id}."), id=response_id)
        return row

    @staticmethod
    def _response(row) -> ResponseRow:
        m = dict(row._mapping)
        m["answers"] = json.loads(m["answers"])
        m["paradata"] = json.loads(m["paradata"])
        envelope = sealing.envelope_of(m["answers"])
        if envelope is not None:
            m["answers"], m["paradata"], m["sealed"] = {}, {}, envelope
        return ResponseRow(**m)

    @staticmethod
    def _stratum(answers: dict[str, Any]) -> dict[str, str | None]:
        out = {}
        for column, question in STRATUM_QUESTIONS.items():
            value = answers.get(question)
            out[column] = str(value) if isinstance(value, str | int) and value != "" else None
        return out

    # -- quotas -------------------------------------------------------------------------
    def set_quota(self, district: str, area: str, respondent_type: str, target: int, *,
                  actor: Actor, now: datetime | None = None) -> None:
        """Set the number of final responses wanted for one stratum (0 removes it); only a
        supervisor or the office admin may. Each change is written to the append-only
        ``survey_quota_log`` (who, their role, the target before and after) in the same
        transaction; setting the target a stratum already has changes and records nothing.
        """
        if area not in AREAS:
            raise InvalidInput("area", N_(CTX, "The area must be urban or rural."))
        if respondent_type not in RESPONDENT_TYPES:
            raise InvalidInput("respondent_type", N_(CTX, "The respondent type must be one "
                                                          "of: {types}."),
                               {"types": ", ".join(RESPONDENT_TYPES)})
        if isinstance(target, bool) or not isinstance(target, int) or target < 0:
            raise InvalidInput("target", N_(CTX, "The target must be a whole number, 0 or "
                                                 "more."))
        with self.store._write() as conn:
            who = authorize(conn, actor)
            if who.role not in ("supervisor", "office_admin"):
                raise NotAllowed(N_(CTX, "Only a supervisor or the office admin can set "
                                         "targets."))
            if not conn.execute(text("SELECT 1 FROM area WHERE id = :d"), {"d": district}).first():
                raise NotFound(N_(CTX, "There is no district {district}."), district=district)
            stratum = {"d": district, "a": area, "r": respondent_type}
            previous = conn.execute(text(
                "SELECT target FROM survey_quota WHERE district = :d AND area = :a "
                "AND respondent_type = :r"), stratum).scalar()
            if previous == target or (previous is None and target == 0):
                return  # nothing changes, nothing to record
            moment = iso_utc(now or datetime.now(UTC))
            if target == 0:
                conn.execute(SurveyQuota.__table__.delete().where(
                    SurveyQuota.district == district, SurveyQuota.area == area,
                    SurveyQuota.respondent_type == respondent_type))
            else:
                conn.execute(text(
                    "INSERT INTO survey_quota(district, area, respondent_type, target, "
                    "updated_at) VALUES (:d, :a, :r, :t, :u) "
                    "ON CONFLICT(district, area, respondent_type) "
                    "DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at"),
                    stratum | {"t": target, "u": moment})
            conn.execute(text(
                "INSERT INTO survey_quota_log(at, district, area, respondent_type, target, "
                "previous, user_id, actor_name, actor_role) "
                "VALUES (:u, :d, :a, :r, :t, :p, :uid, :name, :role)"),
                stratum | {"t": target, "u": moment, "p": previous, "uid": who.user_id,
                           "name": who.name, "role": who.role})

    def quota_progress(self) -> list[QuotaProgress]:
        """Each stratum with a target, how many final responses it has, and who last
        changed its target (none for a target set before the quota log existed)."""
        with self.store._read() as conn:
            rows = conn.execute(text(
                "SELECT q.district, q.area, q.respondent_type, q.target, "
                "(SELECT count(*) FROM survey_response r WHERE r.status = 'final' "
                " AND r.district = q.district AND r.area = q.area "
                " AND r.respondent_type = q.respondent_type) AS done, "
                "l.actor_name AS changed_by, l.actor_role AS changed_by_role, "
                "l.at AS changed_at "
                "FROM survey_quota q LEFT JOIN survey_quota_log l ON l.id = ("
                " SELECT max(id) FROM survey_quota_log WHERE district = q.district "
                " AND area = q.area AND respondent_type = q.respondent_type) "
                "ORDER BY q.district, q.area, q.respondent_type")).mappings().all()
        return [QuotaProgress(**r) for r in rows]

    def quota_log(self, limit: int = 50) -> list[QuotaChange]:
        """The newest *limit* changes of targets, newest first."""
        with self.store._read() as conn:
            rows = conn.execute(text(
                "SELECT at, district, area, respondent_type, target, previous, user_id, "
                "actor_name, actor_role FROM survey_quota_log ORDER BY id DESC LIMIT :n"),
                {"n": limit}).mappings().all()
        return [QuotaChange(**r) for r in rows]


def _store_form(conn: Connection, form: FormDefinition, digest: str,
                now: datetime | None) -> FormVersion:
    moment = iso_utc(now or datetime.now(UTC))
    old = conn.execute(text(
        "SELECT xlsx_sha256, imported_at FROM survey_form "
        "WHERE form_id = :f AND version = :v"),
        {"f": form.form_id, "v": form.version}).first()
    if old is not None:
        if old.xlsx_sha256 != digest:
            raise NotAllowed(N_(CTX, "Version {version} of form {form} is already "
                                     "imported with different content. Give the "
                                     "changed form a new version in its settings "
                                     "sheet."), version=form.version, form=form.form_id)
        return FormVersion(form.form_id, form.version, form.title, digest,
                           old.imported_at, new=False)
    conn.execute(SurveyForm.__table__.insert().values(
        form_id=form.form_id, version=form.version,
        title=json.dumps(form.title, ensure_ascii=False),
        definition=json.dumps(form.to_json(), ensure_ascii=False),
        xlsx_sha256=digest, imported_at=moment))
    return FormVersion(form.form_id, form.version, form.title, digest, moment, new=True)


def apply_form(definition_json: dict[str, Any] | str, xlsx_sha256: str, *,
               conn: Connection, now: datetime | None = None) -> FormVersion:
    """Store one form version pulled from the server inside the caller's transaction
    *conn* (the sync code saves its cursor in the same one).

    *definition_json* is :meth:`FormDefinition.to_json` (a dict or its JSON text) of the
    form the server published; *xlsx_sha256* identifies the workbook it came from. The
    definition is checked as an imported workbook would be (raises
    :class:`models.forms.FormError`). Applying the same version again is a no-op
    (``new=False``); the same version with another ``xlsx_sha256`` raises
    :class:`NotAllowed` (a version never changes), which the caller may park.
    """
    data = json.loads(definition_json) if isinstance(definition_json, str) else definition_json
    try:
        form = FormDefinition.from_json(data)
    except (TypeError, KeyError, ValueError) as exc:
        raise FormError("definition", 0, f"the form definition is not readable: {exc}") \
            from None
    check_definition(form)
    return _store_form(conn, form, xlsx_sha256, now)


def wire_response(row: Any) -> dict[str, Any]:
    """A final response as its outbox record travels to the server (one definition of
    the wire form: :func:`store.sync_ops.wire_record`)."""
    from store.sync_ops import wire_record

    m = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
    return wire_record(OUTBOX_KIND, m)
