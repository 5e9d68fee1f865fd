"""Devices and offices: enrollment, tokens, revocation, statistics.

Enrollment exchanges a one-time token for a place in an office. The device brings its own
Ed25519 key pair (the private key never leaves the PC); the server stores the public key
and from then on checks every request's signature (:mod:`server.auth`). There is no
secret in the answer, so a lost answer costs nothing: the same device retrying with the
same token and the same key gets the same answer again. Anyone else presenting a used
token is refused. A stolen PC is stopped by revoking its device.

Tokens are stored only as their SHA-256, so a copy of the database does not let anyone
enroll.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from models.signing import verify_raw
from models.wire import (
    EnrollRequest,
    EnrollResponse,
    RotateKeyRequest,
    RotateKeyResponse,
    rotation_proof_input,
)
from server import db
from server.clock import iso, now_ms
from server.errors import AdminError, ApiError
from server.feed import ALL_OFFICES, append_changes, read_conn
from server.ingest import gaps
from server.tables import (
    area,
    device,
    enroll_token,
    form_publication,
    office,
    push_log,
    request_event,
    service_request,
    survey_form,
    survey_response,
)

OFFICE_CODE = re.compile(r"^[A-Z0-9]{2,8}$")
MAX_DEVICES = 99

REVOKED = ("This PC's access was withdrawn by the central office; ask IT to enroll it "
           "again.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- enrollment -------------------------------------------------------------------------

def _answer(dev: dict, district_id: str) -> EnrollResponse:
    return EnrollResponse(device_id=dev["device_id"], office_code=dev["office_code"],
                          district_id=district_id, device_number=dev["device_number"],
                          server_time=now_ms())


def enroll(engine: Engine, req: EnrollRequest) -> EnrollResponse:
    """Exchange a one-time token for a device enrollment (retry-safe; see module doc)."""
    try:
        device_id = str(uuid.UUID(req.device_id))
    except ValueError:
        raise ApiError(422, "invalid", "The device id is not a UUID.") from None
    if device_id != req.device_id.lower():
        raise ApiError(422, "invalid", "The device id is not a UUID in its usual form.")
    try:
        key = base64.b64decode(req.public_key, validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise ApiError(422, "invalid", "The device key is not an Ed25519 public key "
                                       "(32 bytes, base64).")
    now = now_ms()
    with db.write_conn(engine) as conn, conn.begin():
        tok = conn.execute(
            select(enroll_token).where(enroll_token.c.token_hash == token_hash(req.token))
            .with_for_update()).mappings().first()
        if tok is None:
            raise ApiError(401, "bad_token", "This enrollment token is not known. Check that it "
                                             "was typed exactly, or ask the central office for "
                                             "a new one.")
        if tok["used_by_device"] is not None:
            if tok["used_by_device"] == device_id and tok["public_key"] == req.public_key:
                dev = conn.execute(select(device).where(
                    device.c.device_id == device_id)).mappings().one()
                if dev["revoked_at"]:
                    raise ApiError(401, "revoked", REVOKED)
                district = conn.execute(select(office.c.district_id).where(
                    office.c.code == dev["office_code"])).scalar_one()
                return _answer(dict(dev), district)  # the lost answer, again
            raise ApiError(409, "token_used", "This enrollment token was already used by "
                                              "another PC. Ask the central office for a new "
                                              "token.")
        if tok["expires_at"] < iso(now):
            raise ApiError(401, "token_expired", "This enrollment token has expired. Ask the "
                                                 "central office for a new one.")
        off = conn.execute(select(office).where(office.c.code == tok["office_code"])
                           .with_for_update()).mappings().one()
        known = conn.execute(select(device).where(device.c.device_id == device_id)
                             .with_for_update()).mappings().first()
        if known is not None:  # enrolled before: the same PC coming back with a new token
            return _enroll_again(conn, dict(known), tok, off, req, now)
        used = set(conn.execute(select(device.c.device_number).where(
            device.c.office_code == off["code"])).scalars())
        free = next((n for n in range(1, MAX_DEVICES + 1) if n not in used), None)
        if free is None:  # numbers are never reused: old tracking numbers carry them
            raise ApiError(409, "office_full", f"Office {off['code']} already has "
                                               f"{MAX_DEVICES} PCs enrolled; no number is "
                                               "left. Call the central office.")
        dev = {"device_id": device_id, "office_code": off["code"], "public_key": req.public_key,
               "device_number": free, "name": req.device_name, "enrolled_at": iso(now),
               "last_seen_at": iso(now)}
        conn.execute(device.insert().values(**dev))
        conn.execute(enroll_token.update().where(
            enroll_token.c.token_hash == tok["token_hash"]).values(
            used_by_device=device_id, used_at=iso(now), public_key=req.public_key))
        return _answer(dev, off["district_id"])


def _enroll_again(conn, known: dict, tok, off, req: EnrollRequest, now: int) -> EnrollResponse:
    """A known device id with a fresh token. Allowed when IT revoked the old enrollment
    (the PC keeps its number, its chain and its op numbering, with a new key) or when the
    key is unchanged; never to take over a working PC's identity or move it to another
    office (its tracking numbers carry the office)."""
    if known["office_code"] != off["code"]:
        raise ApiError(409, "device_exists", f"This PC is enrolled in office "
                                             f"{known['office_code']}; a token of office "
                                             f"{off['code']} cannot move it.")
    if known["revoked_at"] is None and known["public_key"] != req.public_key:
        raise ApiError(409, "device_exists", "This PC is already enrolled with another key. "
                                             "If it was reinstalled, IT must first revoke the "
                                             "old enrollment (daftar server revoke-device).")
    conn.execute(device.update().where(device.c.device_id == known["device_id"]).values(
        public_key=req.public_key, revoked_at=None, name=req.device_name or known["name"],
        last_seen_at=iso(now), previous_public_key=None))
    conn.execute(enroll_token.update().where(
        enroll_token.c.token_hash == tok["token_hash"]).values(
        used_by_device=known["device_id"], used_at=iso(now), public_key=req.public_key))
    return _answer(known, off["district_id"])


# -- key rotation -----------------------------------------------------------------------

def _public_key_bytes(text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise ApiError(422, "invalid", "The new device key is not an Ed25519 public key "
                                       "(32 bytes, base64).")
    return key


def rotate_key(engine: Engine, me, req: RotateKeyRequest) -> RotateKeyResponse:
    """Replace the key of the device *me* (authenticated by :func:`server.auth.authenticate`
    with ``previous_ok=True``) by ``req.public_key``.

    Safe to repeat after a lost answer: the device does not know whether the server took
    the new key, so it sends the same request again, signed with the old key. The server
    keeps the key it rotated away from (``previous_public_key``) for exactly this: a request
    signed by that key is accepted only when it names the key the device holds now, and
    changes nothing (the same answer again). Any other use of the old key is refused, on
    this endpoint and everywhere else. The new key must sign :func:`rotation_proof_input`
    (*proof*), so nobody rotates a device to a key it does not hold.
    """
    _public_key_bytes(req.public_key)
    if not verify_raw(req.public_key, req.proof, rotation_proof_input(me.device_id,
                                                                      req.public_key)):
        raise ApiError(422, "bad_proof", "The new key's proof does not verify: the request "
                                         "must be signed with the new key it names.")
    now = now_ms()
    with db.write_conn(engine) as conn, conn.begin():
        dev = conn.execute(select(device).where(device.c.device_id == me.device_id)
                           .with_for_update()).mappings().one()
        if dev["revoked_at"]:
            raise ApiError(401, "revoked", REVOKED)
        if me.signed_with == dev["previous_public_key"] and me.previous_key:
            if req.public_key != dev["public_key"]:
                raise ApiError(401, "bad_signature", "This key was replaced; only the same "
                                                     "rotation may be repeated with it.")
            return RotateKeyResponse(device_id=dev["device_id"],
                                     rotated_at=dev["key_rotated_at"], server_time=now_ms())
        if me.signed_with != dev["public_key"]:  # rotated by a concurrent request meanwhile
            raise ApiError(401, "bad_signature", "This key was replaced while the request was "
                                                 "on its way.")
        if req.public_key in (dev["public_key"], dev["previous_public_key"]):
            raise ApiError(422, "same_key", "The new key must be a key this PC has not used "
                                            "before.")
        stamp = iso(now)
        conn.execute(device.update().where(device.c.device_id == me.device_id).values(
            previous_public_key=dev["public_key"], public_key=req.public_key,
            key_rotated_at=stamp, last_seen_at=stamp))
        return RotateKeyResponse(device_id=dev["device_id"], rotated_at=stamp,
                                 server_time=now_ms())


# -- admin commands ---------------------------------------------------------------------

def create_office(engine: Engine, *, code: str, district: str, name: str,
                  name_ur: str = "") -> dict:
    code = code.strip().upper()
    if not OFFICE_CODE.match(code):
        raise AdminError(f"The office code must be 2 to 8 letters or digits (it goes into "
                         f"every tracking number): {code!r} is not.")
    if not name.strip():
        raise AdminError("The office needs a name.")
    with db.write_conn(engine) as conn, conn.begin():
        dist = conn.execute(select(area).where(area.c.id == district)).mappings().first()
        if dist is None or dist["level"] != 2:
            raise AdminError(f"{district!r} is not a district id (see resources/districts.csv, "
                             "e.g. PK617 for Lahore).")
        if conn.execute(select(office.c.code).where(office.c.code == code)).first():
            raise AdminError(f"Office {code} already exists.")
        row = {"code": code, "name_en": name.strip(), "name_ur": name_ur.strip() or name.strip(),
               "district_id": district, "address": "", "complaint_phone": "",
               "complaint_email": ""}
        conn.execute(office.insert().values(**row))
        append_changes(conn, [{"kind": "office", "record_id": code}])
    return row


#: What a token is made of: letters and digits a person can read out and type without
#: mixing them up (no 0/O, 1/l/I). A URL-safe token could begin with "-", and
#: `daftar enroll --token -Xq…` was then read as an option and refused.
TOKEN_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
TOKEN_LENGTH = 32  # 57 symbols: 186 bits


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def create_token(engine: Engine, office_code: str, *, hours: float = 72,
                 now: int | None = None) -> str:
    """A new one-time enrollment token for *office_code*, valid for *hours*."""
    if hours <= 0:
        raise AdminError("A token must be valid for some time: give --hours above 0.")
    code = office_code.strip().upper()
    now = now_ms() if now is None else now
    token = new_token()
    with db.write_conn(engine) as conn, conn.begin():
        if not conn.execute(select(office.c.code).where(office.c.code == code)).first():
            raise AdminError(f"There is no office {code}; create it first with "
                             "`daftar server create-office`.")
        conn.execute(enroll_token.insert().values(
            token_hash=token_hash(token), office_code=code, created_at=iso(now),
            expires_at=iso(now + int(hours * 3600_000))))
    return token


def revoke_device(engine: Engine, device_id: str) -> dict:
    with db.write_conn(engine) as conn, conn.begin():
        dev = conn.execute(select(device).where(device.c.device_id == device_id)) \
            .mappings().first()
        if dev is None:
            raise AdminError(f"No device {device_id} is enrolled (see `daftar server stats`).")
        if dev["revoked_at"] is None:
            conn.execute(device.update().where(device.c.device_id == device_id)
                         .values(revoked_at=iso(now_ms()), previous_public_key=None))
        return dict(conn.execute(select(device).where(device.c.device_id == device_id))
                    .mappings().one())


def device_log(engine: Engine, device_id: str, *, limit: int | None = None) -> dict[str, Any]:
    """The device and its append-only push record, oldest first (the last *limit* rows)."""
    with read_conn(engine) as conn, conn.begin():
        dev = conn.execute(select(device).where(device.c.device_id == device_id.strip())) \
            .mappings().first()
        if dev is None:
            raise AdminError(f"No device {device_id} is enrolled (see `daftar server stats`).")
        query = select(push_log).where(push_log.c.device_id == dev["device_id"]) \
            .order_by(push_log.c.id.desc())
        if limit:
            query = query.limit(limit)
        rows = [dict(r) for r in conn.execute(query).mappings()][::-1]
    for row in rows:
        row["op_seqs"] = json.loads(row["op_seqs"] or "{}")
    info = {k: dev[k] for k in ("device_id", "office_code", "device_number", "name",
                                "enrolled_at", "revoked_at", "key_rotated_at",
                                "last_push_at")}
    return {"device": info, "pushes": rows}


def form_key(form_id: str, version: str) -> str:
    """The key of one form version in the server's tables and change feed."""
    return hashlib.sha256(f"{form_id}\n{version}".encode()).hexdigest()


def publish_form(engine: Engine, path: str | os.PathLike,
                 offices: list[str] | None = None) -> dict[str, Any]:
    """Publish the XLSForm at *path* to *offices* (default: every office, also offices
    created later); their PCs receive it with their next pull.

    A version never changes: publishing the same version from the same file again is a
    no-op (or only adds offices), from a different file it is refused.

    >>> publish_form(engine, "governance.xlsx", ["LHR1"])  # doctest: +SKIP
    {'form_id': 'daftar_governance', 'version': '2026112801', 'new_version': True, ...}
    """
    from models.forms import FormError, load_xlsform  # the form engine loads only here

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AdminError(f"The form file {str(path)!r} cannot be read: "
                         f"{exc.strerror or exc}.") from None
    try:
        form = load_xlsform(path)
    except FormError as exc:
        raise AdminError(f"The form {path.name} cannot be used: {exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    key = form_key(form.form_id, form.version)
    targets = [ALL_OFFICES] if not offices else sorted({c.strip().upper() for c in offices})
    stamp = iso(now_ms())
    with db.write_conn(engine) as conn, conn.begin():
        if targets != [ALL_OFFICES]:
            known = {r[0] for r in conn.execute(select(office.c.code).where(
                office.c.code.in_(targets)))}
            missing = [c for c in targets if c not in known]
            if missing:
                raise AdminError(f"There is no office {', '.join(missing)}; nothing was "
                                 "published.")
        held = conn.execute(select(survey_form).where(survey_form.c.key == key)) \
            .mappings().first()
        if held is not None and held["xlsx_sha256"] != digest:
            raise AdminError(
                f"Version {form.version} of form {form.form_id} is already published from "
                f"another file (sha256 {held['xlsx_sha256'][:12]}…, this file "
                f"{digest[:12]}…). A published version never changes: give the changed "
                "form a new version in its settings sheet, then publish it.")
        if held is None:
            conn.execute(survey_form.insert().values(
                key=key, form_id=form.form_id, version=form.version,
                title=json.dumps(form.title, ensure_ascii=False),
                definition=json.dumps(form.to_json(), ensure_ascii=False),
                xlsx_sha256=digest, published_at=stamp))
        already = {r[0] for r in conn.execute(select(form_publication.c.office_code).where(
            form_publication.c.form_key == key))}
        new = [] if ALL_OFFICES in already else [t for t in targets if t not in already]
        if new:
            conn.execute(form_publication.insert(), [
                {"form_key": key, "office_code": t, "published_at": stamp} for t in new])
            append_changes(conn, [{"kind": "form", "record_id": key, "office_code": t}
                                  for t in new])
    from models.sealing import key_id

    return {"form_id": form.form_id, "version": form.version, "xlsx_sha256": digest,
            "new_version": held is None, "published_to": new,
            "already_published_to": sorted(already),
            # Responses to a form with a public_key are sealed on the PCs (models.sealing).
            "sealed_key_id": key_id(form.public_key) if form.public_key else None}


def stats(engine: Engine) -> dict[str, Any]:
    """Requests, events and survey responses per office; devices with their last sync and
    their gaps; responses whose form version the server does not hold."""
    with read_conn(engine) as conn, conn.begin():
        responses = dict(conn.execute(select(survey_response.c.office_code, func.count())
                                      .group_by(survey_response.c.office_code)).all())
        r, f = survey_response.c, survey_form.c
        # Sealed responses (models.sealing): the server counts them but cannot read them.
        sealed = conn.execute(select(func.count()).where(
            r.answers.like('{"$sealed":%'))).scalar() or 0
        unknown_forms = [
            {"form_id": row.form_id, "version": row.form_version, "responses": row.n}
            for row in conn.execute(
                select(r.form_id, r.form_version, func.count().label("n"))
                .select_from(survey_response.outerjoin(
                    survey_form, (f.form_id == r.form_id) & (f.version == r.form_version)))
                .where(f.key.is_(None))
                .group_by(r.form_id, r.form_version)
                .order_by(r.form_id, r.form_version))]
        forms = [{"form_id": row.form_id, "version": row.version,
                  "published_at": row.published_at, "offices": sorted(
                      o for o in row.offices.split(","))}
                 for row in conn.execute(
                     select(f.form_id, f.version, f.published_at,
                            _group_concat(conn, form_publication.c.office_code)
                            .label("offices"))
                     .select_from(survey_form.join(
                         form_publication, form_publication.c.form_key == f.key))
                     .group_by(f.form_id, f.version, f.published_at)
                     .order_by(f.form_id, f.version))]
        requests = dict(conn.execute(select(service_request.c.office_code, func.count())
                                     .group_by(service_request.c.office_code)).all())
        events = dict(conn.execute(
            select(service_request.c.office_code, func.count())
            .select_from(request_event.join(service_request,
                                            request_event.c.request_id == service_request.c.id))
            .group_by(service_request.c.office_code)).all())
        devs = [dict(r) for r in conn.execute(
            select(device).order_by(device.c.office_code, device.c.device_number)).mappings()]
        offices = [dict(r) for r in conn.execute(select(office).order_by(office.c.code))
                   .mappings()]
        per_office = []
        for off in offices:
            n_dev = sum(1 for d in devs if d["office_code"] == off["code"])
            code = off["code"]
            if not (requests.get(code) or events.get(code) or responses.get(code) or n_dev):
                continue
            per_office.append({"office_code": code, "district_id": off["district_id"],
                               "name": off["name_en"], "requests": requests.get(code, 0),
                               "events": events.get(code, 0),
                               "survey_responses": responses.get(code, 0),
                               "devices": n_dev})
        devices = []
        for d in devs:
            found, _ = gaps(conn, d["device_id"], d["op_watermark"])
            devices.append({k: d[k] for k in (
                "device_id", "office_code", "device_number", "name", "enrolled_at",
                "revoked_at", "last_seen_at", "last_push_at")} | {"gaps": found})
    return {"offices": per_office, "devices": devices, "forms": forms,
            "unknown_forms": unknown_forms,
            "totals": {"requests": sum(requests.values()), "events": sum(events.values()),
                       "survey_responses": sum(responses.values()),
                       "survey_responses_sealed": sealed, "devices": len(devs)}}


def _group_concat(conn, column):
    if conn.dialect.name == "postgresql":
        return func.string_agg(column, ",")
    return func.group_concat(column, ",")
