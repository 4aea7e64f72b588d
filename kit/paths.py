"""Where the kit finds its content, notebooks and database.

From a clone (or an editable install) the top-level ``data/`` and ``notebooks/`` folders are used;
an installed wheel carries them as ``kit/_data`` and ``kit/_notebooks``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
APP_NAME = "mentorkit"

#: Environment variables the kit reads (documented in README.md; a test checks that).
ENV_DB = "MENTORKIT_DB"
ENV_CONTENT = "MENTORKIT_CONTENT"


def _bundled(name: str, repo_name: str) -> Path:
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / repo_name


def data_dir() -> Path:
    """The folder holding the kit's shipped data (``data/`` in a clone)."""
    return _bundled("_data", "data")


def notebooks_dir() -> Path:
    """The folder holding the shipped notebooks (``notebooks/`` in a clone)."""
    return _bundled("_notebooks", "notebooks")


def content_dir(override: str | os.PathLike | None = None) -> Path:
    """The exercise content folder: ``override``, else ``$MENTORKIT_CONTENT``, else the shipped one."""
    chosen = override or os.environ.get(ENV_CONTENT)
    return Path(chosen).expanduser().resolve() if chosen else data_dir() / "exercises"


#: The kit's Voila template (kit/share/voila/templates/mentorkit) and the Jupyter data folder holding it.
VOILA_TEMPLATE = "mentorkit"


def jupyter_share_dir() -> Path:
    """The folder to put on ``JUPYTER_PATH`` so Voila finds :data:`VOILA_TEMPLATE`."""
    return PACKAGE_DIR / "share"


def user_data_dir() -> Path:
    """The per-user folder for the default database and the server's runtime files."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(override: str | None = None) -> str:
    """The SQLAlchemy URL: ``override``, else ``$MENTORKIT_DB``, else a SQLite file in the user data dir."""
    chosen = override or os.environ.get(ENV_DB)
    if chosen:
        return chosen
    return f"sqlite:///{user_data_dir() / 'mentorkit.sqlite3'}"
