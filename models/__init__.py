"""Daftar's shared models: tables, validation and workflow rules.

Nothing here imports any other Daftar package, nor Qt: the rules are used by the
desktop, the command line and the central server alike.
"""
