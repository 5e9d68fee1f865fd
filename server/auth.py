"""Authenticating device requests by their Ed25519 signature (see :mod:`models.signing`).

A request names its device, the device's clock and a signature over the method, the path
with its query, that time and the SHA-256 of the body exactly as sent (compressed). The
server checks, in this order: the device is enrolled, it is not revoked, the signature
verifies with the device's public key, and the time is within
:data:`models.signing.MAX_SKEW_MS` of the server's (the answer then carries
``server_time`` so the device can correct its offset and retry).
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from models.signing import HEADER_DEVICE, HEADER_SIGNATURE, HEADER_TIME, MAX_SKEW_MS, verify
from server import db
from server.admin import REVOKED
from server.clock import iso, now_ms
from server.errors import ApiError
from server.ingest import DeviceCtx
from server.tables import device, office

#: last_seen_at is written at most this often per device (each write is an fsync).
SEEN_EVERY_MS = 60_000


def authenticate(engine: Engine, *, method: str, path_qs: str, headers, body: bytes,
                 previous_ok: bool = False) -> DeviceCtx:
    """The device that signed this request, or :class:`ApiError` 401.

    *previous_ok* (key rotation only): a signature by the key the device rotated away from
    is accepted too; the context then says so (``previous_key``)."""
    device_id = headers.get(HEADER_DEVICE)
    time_text = headers.get(HEADER_TIME)
    signature = headers.get(HEADER_SIGNATURE)
    if not device_id or not time_text or not signature:
        raise ApiError(401, "unauthenticated", "This request is not signed by an enrolled PC. "
                                               "Enroll this PC first.")
    try:
        time_ms = int(time_text)
    except ValueError:
        raise ApiError(401, "bad_signature", "The request's time header is not a number.") \
            from None
    with engine.connect() as conn:
        row = conn.execute(
            select(device.c.device_id, device.c.office_code, device.c.device_number,
                   device.c.public_key, device.c.previous_public_key, device.c.revoked_at,
                   device.c.last_seen_at,
                   office.c.district_id)
            .join(office, office.c.code == device.c.office_code)
            .where(device.c.device_id == device_id)).mappings().first()
    if row is None:
        raise ApiError(401, "unknown_device", "This PC is not enrolled with this server. Ask IT "
                                              "for an enrollment token.")
    if row["revoked_at"]:
        raise ApiError(401, "revoked", REVOKED)
    signed_with, previous = row["public_key"], False
    if not verify(signed_with, signature, method, path_qs, time_ms, body):
        signed_with, previous = row["previous_public_key"], True
        if not (previous_ok and signed_with
                and verify(signed_with, signature, method, path_qs, time_ms, body)):
            raise ApiError(401, "bad_signature", "The request's signature does not match this "
                                                 "PC's key. If the PC was reinstalled, enroll "
                                                 "it again.")
    now = now_ms()
    if abs(now - time_ms) > MAX_SKEW_MS:
        raise ApiError(401, "clock_skew", "This PC's clock is too far from the server's; its "
                                          "time was corrected, try again.", server_time=now)
    seen = row["last_seen_at"]
    if seen is None or seen < iso(now - SEEN_EVERY_MS):
        with db.write_conn(engine) as conn, conn.begin():
            conn.execute(device.update().where(device.c.device_id == device_id)
                         .values(last_seen_at=iso(now)))
    return DeviceCtx(device_id=row["device_id"], office_code=row["office_code"],
                     district_id=row["district_id"], device_number=row["device_number"],
                     signed_with=signed_with, previous_key=previous)
