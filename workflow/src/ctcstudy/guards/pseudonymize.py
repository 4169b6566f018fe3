"""Pseudonymization of identifiable inputs with a keyed HMAC.

Identifiable inputs live only under the git-ignored data/raw/restricted/: ``names.csv``
(``restricted``: real organization, person and place names) and ``documents/*.txt``.
Each name maps to a stable pseudonym ``<Kind>-<8 hex>`` = HMAC-SHA256(key, kind:name), and every
variant the leak scan catches (``namematch``) is replaced by it. The key is a secret from the
environment (CTC_PSEUDONYM_KEY) or a file outside the repository (CTC_PSEUDONYM_KEY_FILE); it is
never committed, and without it the step refuses to run.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from ctcstudy.configuration.settings import Pseudonymize
from ctcstudy.errors import InputError
from ctcstudy.writers import atomic_write

KEY_VARIABLE, KEY_FILE_VARIABLE = "CTC_PSEUDONYM_KEY", "CTC_PSEUDONYM_KEY_FILE"
HOW_TO = (
    f"set {KEY_VARIABLE} to a secret of at least 32 characters, or {KEY_FILE_VARIABLE} to a file outside "
    "the repository holding one (for example: export CTC_PSEUDONYM_KEY_FILE=~/.config/ctc/pseudonym.key); "
    "keep the same key to keep the same pseudonyms"
)


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


def aliases(secret: bytes, names) -> dict[int, str]:
    """Entry number -> its pseudonym, for every restricted name (variants share their entry's)."""
    return {n.number: pseudonym(secret, n.kind, n.name) for n in names}


def file_name(name: str, matcher) -> str:
    """A restricted document's output name: each name in it becomes '<kind>-<entry number>'
    (known while the workflow is read, without the key), so no output path holds a name."""
    return matcher.replace(name, lambda entry: f"{entry.kind}-{entry.number}")


def pseudonymize_documents(s: Pseudonymize) -> None:
    """Restricted documents -> pseudonymized copies (every variant the leak scan catches replaced,
    file names too); the pseudonym list never holds a real name."""
    from ctcstudy.errors import utf8_text
    from ctcstudy.guards import attribution

    matcher = attribution.load_matcher(s.names)
    alias = aliases(key(Path(".")), matcher.names)
    out = Path(s.out_dir)
    for path in s.documents:
        text = utf8_text(path)
        target = out / "documents" / file_name(Path(path).name, matcher)
        atomic_write(target, matcher.replace(text, lambda entry: alias[entry.number]))
    atomic_write(
        out / "pseudonyms.csv",
        "number,kind,pseudonym\n" + "".join(f"{n.number},{n.kind},{alias[n.number]}\n" for n in matcher.names),
    )
    print(f"pseudonymized {len(s.documents)} documents, {len(matcher.names)} names")
