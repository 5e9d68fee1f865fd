"""Daftar's PySide6 user interface (see ARCHITECTURE.md: widgets only, rules elsewhere)."""
