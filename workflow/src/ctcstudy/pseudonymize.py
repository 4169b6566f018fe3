"""Pseudonymization of identifiable inputs with a keyed HMAC.

Identifiable inputs live only under the git-ignored data/raw/restricted/: ``names.csv``
(columns kind, name: real organization, person and place names) and ``documents/*.txt``.
Each name maps to a stable pseudonym ``<Kind>-<8 hex>`` = HMAC-SHA256(key, kind:name). The
key is a secret from the environment (CTC_PSEUDONYM_KEY) or a file outside the repository
(CTC_PSEUDONYM_KEY_FILE); it is never committed, and without it the step refuses to run.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path

from .errors import InputError

KEY_VARIABLE, KEY_FILE_VARIABLE = "CTC_PSEUDONYM_KEY", "CTC_PSEUDONYM_KEY_FILE"
HOW_TO = (f"set {KEY_VARIABLE} to a secret of at least 32 characters, or {KEY_FILE_VARIABLE} to a file outside "
          "the repository holding one (for example: export CTC_PSEUDONYM_KEY_FILE=~/.config/ctc/pseudonym.key); "
          "keep the same key to keep the same pseudonyms")


def key(repository: Path) -> bytes:
    """The secret, from the environment or a key file outside the repository."""
    if os.environ.get(KEY_VARIABLE):
        secret = os.environ[KEY_VARIABLE].encode()
        where = KEY_VARIABLE
    elif os.environ.get(KEY_FILE_VARIABLE):
        path = Path(os.environ[KEY_FILE_VARIABLE]).expanduser().resolve()
        if repository.resolve() in path.parents:
            raise InputError(path, f"the pseudonymization key must not be inside the repository; {HOW_TO}")
        if not path.is_file():
            raise InputError(path, f"key file not found; {HOW_TO}")
        secret = path.read_bytes().strip()
        where = str(path)
    else:
        raise InputError("data/raw/restricted", f"restricted inputs need a pseudonymization key: {HOW_TO}")
    if len(secret) < 32:
        raise InputError(where, f"the pseudonymization key is too short; {HOW_TO}")
    return secret


def pseudonym(secret: bytes, kind: str, name: str) -> str:
    digest = hmac.new(secret, f"{kind}:{name.strip().casefold()}".encode(), hashlib.sha256).hexdigest()
    return f"{kind.capitalize()}-{digest[:8]}"


def mapping(secret: bytes, names: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(kind, name, pseudonym), longest names first so 'Hope Harbor Foundation' wins over 'Hope Harbor'."""
    rows = [(kind, name, pseudonym(secret, kind, name)) for kind, name in names]
    return sorted(rows, key=lambda r: -len(r[1]))


def replace(text: str, rows: list[tuple[str, str, str]]) -> str:
    for _, name, alias in rows:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", alias, text, flags=re.IGNORECASE)
    return text
