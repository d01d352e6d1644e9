"""Safe file writes: a reader sees the old file or the new one, never a partial one.

A regular file (or a new one) is replaced atomically: the bytes go to a temporary file beside
it, are flushed to disk, get the old file's mode, owner and group, and are renamed over it.
Where a rename would do damage, the write is done differently or refused:

- a symlink is written through to its target, so a shared target is updated and the link
  stays a link;
- a character device or a named pipe (/dev/null, /dev/stdout, a FIFO) is written directly,
  never replaced; a pipe that no program reads is refused instead of waited on;
- a folder, a block device, a socket or any other special file is refused;
- a read-only file is refused, even for root, who could otherwise replace it;
- a file with other hard links, or owned by someone the new file could not be given back to,
  is rewritten in place, so every name and the owner keep seeing it.

Every OSError becomes an OutputError naming the path, the reason and the fix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from gapcheck.errors import Msg, OutputError

__all__ = ["atomic_path", "check_writable", "write_bytes_atomic", "write_text_atomic"]


def _read_umask() -> int:
    # os.umask can only be read by setting it; done once at import, before any threads.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
PIPE_WAIT_SECONDS = 2.0
"""How long a write to a named pipe waits for a program to open its reading end."""
_TMP_NAME = 40  # characters of the target's name in the temporary name (NAME_MAX is 255)
# The fix for each errno, as a key of messages.toml (the reason is the system's own text).
_FIXES = {
    errno.ENOSPC: "write.fix.space",
    errno.EDQUOT: "write.fix.quota",
    errno.EACCES: "write.fix.permissions",
    errno.EPERM: "write.fix.permissions",
    errno.EROFS: "write.fix.read_only_disk",
    errno.ENAMETOOLONG: "write.fix.name_too_long",
    errno.ENOENT: "write.fix.no_folder",
    errno.ENOTDIR: "write.fix.not_a_folder",
    errno.ELOOP: "write.fix.loop",
}


def _fail(path: Path, reason: str | Msg, fix: str) -> OutputError:
    """`cannot write PATH: reason — fix` in the user's language (`fix` a messages.toml key)."""
    return OutputError(Msg.of("write.failed", path=str(path), reason=reason, fix=Msg.of(fix)))


def _os_fail(path: Path, exc: OSError) -> OutputError:
    code = exc.errno if exc.errno is not None else 0
    return _fail(path, exc.strerror or str(exc), _FIXES.get(code, "write.fix.path"))


def _resolve(path: Path) -> Path | None:
    """The file a write to `path` lands on, symlinks followed; None when the path goes through
    the kernel's own links (/dev/stdout → /proc/self/fd/1), which only the kernel can follow."""
    text = str(path)
    if text.startswith(("/proc/", "/dev/fd/")):
        return None
    real = os.path.realpath(path)
    return None if real.startswith(("/proc/", "/dev/fd/")) else Path(real)


def _kind(path: Path, st: os.stat_result) -> str:
    """What the write must do with the file at `path`: 'replace', 'in_place' or 'direct'."""
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise _fail(path, Msg.of("write.reason.folder"), "write.fix.file_name")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "direct"
    if not stat.S_ISREG(mode):
        raise _fail(path, Msg.of("write.reason.special"), "write.fix.regular")
    if not mode & 0o222 or not _may_write(path):
        raise _fail(path, Msg.of("write.reason.read_only"), "write.fix.writable")
    if st.st_nlink > 1:
        return "in_place"
    return "replace"


def _may_write(path: Path) -> bool:
    # The effective ids decide what open() may do (they differ from the real ones under sudo).
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective)


def check_writable(path: Path) -> None:
    """Raise OutputError now if `path` could not be written later (read-only, a folder, a
    block device …): for commands that should refuse before a long computation."""
    path = path.expanduser()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _os_fail(path, exc) from exc
    except ValueError as exc:  # a NUL byte in the name: no file system takes it
        raise _fail(path, Msg.of("write.reason.nul"), "write.fix.path") from exc
    _kind(path, st)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path`: atomically for regular files, directly for devices and pipes,
    refused for read-only and other special files (see the module docstring)."""
    path = path.expanduser()
    try:
        real = _resolve(path)
        try:
            st: os.stat_result | None = os.stat(path)
        except FileNotFoundError:
            st = None
        if st is None:
            if real is None:
                raise _fail(path, Msg.of("write.reason.dangling"), "write.fix.path")
            real.parent.mkdir(parents=True, exist_ok=True)
            _replace(real, data, None)
            return
        kind = _kind(path, st)
        if kind == "direct" or real is None:
            _write_direct(path, data, truncate=kind != "direct")
        elif kind == "in_place" or not _can_give_back(st):
            _write_direct(real, data, truncate=True)
        else:
            _replace(real, data, st)
    except OSError as exc:
        raise _os_fail(path, exc) from exc
    except ValueError as exc:  # a NUL byte in the name
        raise _fail(path, Msg.of("write.reason.nul"), "write.fix.path") from exc


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 `text` (with a final newline) to `path` as `write_bytes_atomic` does."""
    write_bytes_atomic(path, (text if text.endswith("\n") else text + "\n").encode("utf-8"))


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary file path; on success its bytes are written to `path` with
    `write_bytes_atomic`. Nothing reaches `path` when the block raises."""
    with tempfile.TemporaryDirectory(prefix="gapcheck-") as folder:
        tmp = Path(folder) / "output"
        yield tmp
        try:
            data = tmp.read_bytes()
        except OSError as exc:
            raise _os_fail(path, exc) from exc
    write_bytes_atomic(path, data)


def _euid() -> int | None:
    # None where files have no POSIX owner (Windows): there is nothing to keep.
    geteuid = getattr(os, "geteuid", None)
    return geteuid() if geteuid is not None else None


def _can_give_back(st: os.stat_result) -> bool:
    """True when a file we create can carry the old file's owner (ours, or we are root)."""
    euid = _euid()
    return euid is None or st.st_uid == euid or euid == 0


def _replace(real: Path, data: bytes, st: os.stat_result | None) -> None:
    fd, name = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name[:_TMP_NAME]}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if st is None:
            os.chmod(tmp, 0o666 & ~_UMASK)
        else:
            mine = os.stat(tmp)
            if _euid() is not None and (st.st_uid, st.st_gid) != (mine.st_uid, mine.st_gid):
                _chown(tmp, st)
            os.chmod(tmp, st.st_mode & 0o7777)  # after chown, which clears set-id bits
        os.replace(tmp, real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _chown(tmp: Path, st: os.stat_result) -> None:
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        # Not root: the owner is ours already (see _can_give_back); keep the group if we may.
        with contextlib.suppress(PermissionError):
            os.chown(tmp, -1, st.st_gid)


def _write_direct(path: Path, data: bytes, *, truncate: bool) -> None:
    """Write into the existing file itself: devices, pipes, hard-linked or foreign files."""
    nonblock = getattr(os, "O_NONBLOCK", 0)
    fd = _open_for_writing(path, nonblock)
    try:
        if nonblock:
            import fcntl  # POSIX only, like O_NONBLOCK

            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~nonblock)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if truncate:
            os.ftruncate(fd, len(data))
            os.fsync(fd)
    finally:
        os.close(fd)


def _open_for_writing(path: Path, nonblock: int) -> int:
    # Non-blocking open: a pipe without a reader fails (ENXIO) instead of hanging forever;
    # a reader that is just starting gets a moment to open its end.
    deadline = time.monotonic() + PIPE_WAIT_SECONDS
    while True:
        try:
            return os.open(path, os.O_WRONLY | nonblock)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
            if time.monotonic() >= deadline:
                raise _fail(path, Msg.of("write.reason.no_reader"), "write.fix.reader") from exc
            time.sleep(0.05)
