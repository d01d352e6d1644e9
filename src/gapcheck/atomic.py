"""Atomic file writes: a reader sees the old file or the new one, never a partial one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from gapcheck.errors import OutputError

__all__ = ["atomic_path", "write_text_atomic"]


def _read_umask() -> int:
    # os.umask can only be read by setting it; done once at import, before any threads.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success rename it into place.

    A replaced file keeps its permissions; a new one gets what a plain `open()` would give
    (0666 less the umask), not the 0600 of a temporary file. Any OSError becomes an
    OutputError naming the path.
    """
    path = path.expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        try:
            yield tmp
            mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_UMASK
            tmp.chmod(mode)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 `text` (with a final newline) to `path` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")
