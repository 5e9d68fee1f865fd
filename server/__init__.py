"""Daftar's central server: enrollment, idempotent batched push, the pull feed.

Modules: :mod:`server.app` (FastAPI app, ``create_app``), :mod:`server.db` (engine,
durability, Alembic migrations in ``server/migrations``), :mod:`server.tables` (schema,
kept out of the desktop store's ``SQLModel.metadata``), :mod:`server.ingest` (push
validation and the one write transaction), :mod:`server.feed` (the change feed that never
skips a late commit), :mod:`server.auth` (request signatures), :mod:`server.admin`
(enrollment, tokens, revocation, statistics), :mod:`server.reference` (bundled reference
data), :mod:`server.cli` (``daftar server …``).

It imports :mod:`models` only — never the desktop's ``store``, ``sync`` or ``desktop``.
"""
