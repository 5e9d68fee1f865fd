"""The desktop's side of sync with the central server.

* :mod:`sync.engine` — one round: push the outbox in batches, then pull (``SyncEngine``);
* :mod:`sync.scheduler` — when to run rounds: timer, local writes, network back, backoff;
* :mod:`sync.client` — the signed, verified HTTP client and ``enroll``;
* :mod:`sync.credentials` — the device key in the OS keyring (never in a file);
* :mod:`sync.errors` — what can go wrong, in plain words;
* :mod:`sync.cli` — ``daftar enroll`` and ``daftar sync``.

The store's half (reading and settling the outbox, applying pulled pages) is
:mod:`store.sync_ops`.
"""
