"""Files the desk writes (PDFs, saved reports, the log): readable by the clerk's user only
(folders 0700, files 0600: they hold customers' names, amounts and addresses), under names
made only of safe characters (a document number never steers a file out of its folder)."""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_SAFE = frozenset("-_.() ")
_MAX_NAME = 120


def safe_file_name(name: str, *, default: str = "file") -> str:
    """``name`` with every character that is not a letter, digit or one of ``-_.() `` made
    "_", no leading dot (no hidden file, no ``..``), at most 120 characters."""
    cleaned = "".join(c if (c.isalnum() and c.isprintable()) or c in _SAFE else "_" for c in str(name))
    cleaned = cleaned.strip().lstrip(".").strip()
    stem, suffix = os.path.splitext(cleaned)
    if len(cleaned) > _MAX_NAME:
        cleaned = stem[: _MAX_NAME - len(suffix)] + suffix
    return cleaned or default


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and its missing parents) readable by this user only; an existing
    folder keeps its mode (it may be a shared print folder chosen in setup)."""
    missing = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing.append(path)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    for path in missing:  # mkdir's mode is masked by the umask: set it plainly
        os.chmod(path, FOLDER_MODE)
    return folder


def open_private(path: Path, *, exclusive: bool = False, append: bool = False):
    """``path`` opened for writing bytes, created 0600 (``exclusive``: never over an existing
    file; ``append``: added to the end)."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    flags |= os.O_EXCL if exclusive else (os.O_APPEND if append else os.O_TRUNC)
    descriptor = os.open(path, flags, FILE_MODE)
    try:
        if os.name == "posix":
            os.fchmod(descriptor, FILE_MODE)  # a file that existed keeps no wider mode
        return os.fdopen(descriptor, "ab" if append else "wb")
    except BaseException:
        os.close(descriptor)
        raise


def write_private(folder: Path, name: str, content: bytes) -> Path:
    """``content`` written to folder/safe(name), 0600, in a 0700 folder; the path."""
    path = private_folder(folder) / safe_file_name(name)
    with open_private(path) as out:
        out.write(content)
    return path
