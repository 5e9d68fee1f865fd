"""Where Daftar keeps its data and finds its bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Daftar"
DB_NAME = "daftar.sqlite3"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder: *override*, else ``$DAFTAR_DATA_DIR``, else the platform default."""
    chosen = override or os.environ.get("DAFTAR_DATA_DIR")
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The ``resources/`` folder, in a source checkout or inside a PyInstaller build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
