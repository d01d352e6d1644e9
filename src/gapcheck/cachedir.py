"""The cache folder: data gapcheck derives from its inputs and can always derive again (the
validated catalogs, the parsed translation table), kept between runs to start faster.

`$GAPCHECK_CACHE_DIR` (`off` switches every cache off), else `$XDG_CACHE_HOME/gapcheck`, else
`~/.cache/gapcheck`. A cache is only an accelerator: these helpers never raise, and whatever
cannot be read or written is simply derived again. A file is read only from a folder owned by
the current user that no one else may write to, and only when the file is the user's and
writable by no one else: another user must not be able to plant what gapcheck reads back.

This module imports nothing of gapcheck's, so the lowest layers (i18n) can use it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

__all__ = [
    "CACHE_ENV",
    "cache_dir",
    "debug",
    "ensure_private_folder",
    "is_private",
    "read_private",
    "write_private",
]


def debug(message: str, *args: object) -> None:
    """A debug message on the `gapcheck.cache` logger. Only once something has imported
    `logging` can anyone have asked for it: until then it would go nowhere, and importing
    `logging` for it cost a warm `gapcheck analyze` 0.6 % of its instructions."""
    logging = sys.modules.get("logging")
    if logging is not None:
        logging.getLogger("gapcheck.cache").debug(message, *args)


CACHE_ENV = "GAPCHECK_CACHE_DIR"
_OFF = frozenset({"off", "0", "false", "no", "none"})
_UNSAFE = stat.S_IWGRP | stat.S_IWOTH


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is switched off (`GAPCHECK_CACHE_DIR=off`)."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if value.lower() in _OFF:
        return None
    if value:
        return Path(value).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec: a relative value is ignored
        return Path(xdg) / "gapcheck"
    try:
        return Path.home() / ".cache" / "gapcheck"
    except (RuntimeError, KeyError):  # no home folder
        return None


def is_private(info: os.stat_result) -> bool:
    """Owned by the current user and writable by no one else."""
    owner = os.geteuid() if hasattr(os, "geteuid") else info.st_uid
    return info.st_uid == owner and not info.st_mode & _UNSAFE


def read_private(path: Path) -> bytes | None:
    """The bytes of the regular file `path` when it and its folder are private (see
    `is_private`); None otherwise, and when it is missing or unreadable."""
    try:
        if not is_private(os.stat(path.parent)):
            debug("cache folder %s is not private to this user: not used", path.parent)
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not is_private(info):
                debug("cache file %s is not private to this user: not used", path)
                return None
            return handle.read()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        debug("cache file %s not read: %r", path, exc)
        return None


def ensure_private_folder(folder: Path) -> bool:
    """Create `folder` (mode 0700) if need be; whether it is private to this user."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return is_private(os.stat(folder))
    except (OSError, ValueError) as exc:
        debug("cache folder %s not usable: %r", folder, exc)
        return False


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` (mode 0600) atomically: a temporary file in the same folder,
    renamed over it. Nothing is raised; the folder must be private (else nothing is written)."""
    if not ensure_private_folder(path.parent):
        return
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)  # mode 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        tmp = None
    except (OSError, ValueError) as exc:
        debug("cache file %s not written: %r", path, exc)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
