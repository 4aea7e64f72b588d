"""The facilitator's token: the same across runs of `serve`, so a console left open, a bookmark or a
reload after a restart still gets in; `serve --new-token` replaces it.

It is kept next to the default database in the user's data folder, readable by its owner only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from kit import paths

TOKEN_FILE = "facilitator-token"


def token_path() -> Path:
    """Where the token is kept."""
    return paths.user_data_dir() / TOKEN_FILE


def facilitator_token(*, rotate: bool = False) -> str:
    """The stored token, or a new one (stored) when there is none or ``rotate`` asks for it."""
    path = token_path()
    if not rotate:
        try:
            stored = path.read_text(encoding="utf-8").strip()
        except OSError:
            stored = ""
        if len(stored) >= 20:
            return stored
    token = secrets.token_urlsafe(24)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created with owner-only permissions, then replaced in one step so a reader never sees half a token.
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    os.replace(temporary, path)
    return token
