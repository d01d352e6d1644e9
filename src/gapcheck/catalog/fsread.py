"""Reading an input file without trusting what is at its path.

Whatever is at an input path must be a readable regular file inside the folder it belongs to
(the organisation folder, the catalog root): a directory, a FIFO, a device, a dangling link or a
link leading out of that folder is a problem, never "absent" and never followed. A FIFO is
never opened for reading (it would block), a file over the size limit is never read, and the
bytes must be UTF-8 (the problem names the line of the first bad byte). No path operation here
raises: an over-long name (ENAMETOOLONG) or a permission error is a problem too.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from contextvars import ContextVar
from enum import Enum
from pathlib import Path

from gapcheck.errors import Msg, Problem, ProblemCode

__all__ = [
    "MAX_NAME_CHARS",
    "READ_OBSERVER",
    "Probe",
    "probe",
    "read_text",
    "within",
]

C = ProblemCode

# The longest name of one path component most file systems allow.
MAX_NAME_CHARS = 255

# Called with (path, bytes) for every file `read_text` reads: `gapcheck.service.snapshot` uses
# it to fingerprint exactly the bytes that were parsed (a second read could see a newer file).
READ_OBSERVER: ContextVar[Callable[[Path, bytes], None] | None] = ContextVar(
    "gapcheck_yaml_read_observer", default=None
)


class Probe(Enum):
    """What is at a path, without following anything that could block."""

    ABSENT = "absent"
    FILE = "file"
    FOLDER = "folder"
    OTHER = "other"  # anything else: see the problem


def within(path: Path, root: Path) -> bool:
    """Whether `path`, all links resolved, lies in `root` (also resolved)."""
    try:
        real = Path(os.path.realpath(path))
        return real == root or root in real.parents
    except (OSError, ValueError):
        return False


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "kind.folder"
    if stat.S_ISFIFO(mode):
        return "kind.fifo"
    if stat.S_ISSOCK(mode):
        return "kind.socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "kind.device"
    return "kind.special"


def _os_problem(exc: OSError, display: str) -> Problem:
    if exc.errno == errno.ENAMETOOLONG:
        return Problem.of(C.NAME_TOO_LONG, display, None, None, limit=MAX_NAME_CHARS)
    return Problem.of(C.UNREADABLE, display, None, None, reason=exc.strerror or type(exc).__name__)


def probe(path: Path, display: str, root: Path | None = None) -> tuple[Probe, Problem | None]:
    """What is at `path`; for OTHER the problem says what and how to fix it. With `root`
    (resolved), a path whose links lead out of `root` is a problem and is not looked at."""
    if any(len(part) > MAX_NAME_CHARS for part in path.parts):
        return Probe.OTHER, Problem.of(C.NAME_TOO_LONG, display, None, None, limit=MAX_NAME_CHARS)
    try:
        os.lstat(path)  # the link itself: only a path with nothing at all is absent
    except (FileNotFoundError, NotADirectoryError):
        return Probe.ABSENT, None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        if isinstance(exc, ValueError):
            return Probe.OTHER, Problem.of(C.UNREADABLE, display, None, None, reason=str(exc))
        return Probe.OTHER, _os_problem(exc, display)
    if root is not None and not within(path, root):
        return Probe.OTHER, Problem.of(C.LINK_OUTSIDE, display, None, None, root=str(root.name))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return Probe.OTHER, Problem.of(C.BROKEN_LINK, display, None, None)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Probe.OTHER, Problem.of(C.BROKEN_LINK, display, None, None)
        return Probe.OTHER, _os_problem(exc, display)
    if stat.S_ISREG(st.st_mode):
        return Probe.FILE, None
    if stat.S_ISDIR(st.st_mode):
        return Probe.FOLDER, None
    kind = Msg.of(_kind(st.st_mode))
    return Probe.OTHER, Problem.of(C.NOT_A_FILE, display, None, None, kind=kind)


def read_text(
    path: Path, display: str, root: Path | None, limit: int
) -> tuple[str | None, list[Problem]]:
    """The UTF-8 text of the regular file at `path` of at most `limit` bytes, or None and
    the problem."""
    what, problem = probe(path, display, root)
    if problem is not None:
        return None, [problem]
    if what is Probe.ABSENT:
        reason = os.strerror(errno.ENOENT)
        return None, [Problem.of(C.UNREADABLE, display, None, None, reason=reason)]
    if what is Probe.FOLDER:
        kind = Msg.of("kind.folder")
        return None, [Problem.of(C.NOT_A_FILE, display, None, None, kind=kind)]
    try:
        # O_NONBLOCK: should a FIFO replace the file after the check, open does not hang;
        # fstat on the open file then tells what was really opened.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return None, [_os_problem(exc, display)]
    with os.fdopen(fd, "rb") as handle:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                kind = Msg.of(_kind(st.st_mode))
                return None, [Problem.of(C.NOT_A_FILE, display, None, None, kind=kind)]
            if st.st_size > limit:
                return None, [
                    Problem.of(C.TOO_LARGE, display, None, None, size=st.st_size, limit=limit)
                ]
            data = handle.read(limit + 1)
        except OSError as exc:
            return None, [_os_problem(exc, display)]
    if len(data) > limit:  # grew while we read it
        return None, [Problem.of(C.TOO_LARGE, display, None, None, size=len(data), limit=limit)]
    if (observe := READ_OBSERVER.get()) is not None:
        observe(path, data)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem.of(C.NOT_UTF8, display, line, None, reason=exc.reason)]
