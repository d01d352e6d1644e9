"""Output files are written safely (issue 10 item 5b, issue 14 items 9 and 11): a regular file is
replaced atomically keeping its mode and owner; a read-only one is refused; a symlink is written
through; a device or a pipe is written directly, never replaced; a full disk is a clean error.

Devices are made with mknod in the test's folder (a private /dev/null or /dev/full), so no test
ever touches the machine's own device nodes.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gapcheck.atomic import check_writable, write_bytes_atomic, write_text_atomic
from gapcheck.cli.app import app
from gapcheck.errors import OutputError
from tests.support.report_helpers import DATA

CATALOG = ["--catalog", str(DATA / "catalog_tiny")]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NULL, FULL = (1, 3), (1, 7)  # Linux major/minor numbers of /dev/null and /dev/full


def _device(path: Path, numbers: tuple[int, int]) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(*numbers))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot make device nodes here (needs root on Linux)")
    return path


class Reader:
    """A thread that reads a FIFO to its end, as `cat fifo > file` would."""

    def __init__(self, fifo: Path) -> None:
        self.data = b""
        self._thread = threading.Thread(target=self._read, args=(fifo,), daemon=True)
        self._thread.start()

    def _read(self, fifo: Path) -> None:
        with fifo.open("rb") as f:
            self.data = f.read()

    def join(self) -> bytes:
        self._thread.join(timeout=30)
        return self.data


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_a_regular_file_is_replaced_keeping_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_text_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"], "no temporary file left"


def test_a_read_only_file_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "measures.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(OutputError, match="read-only") as info:
        write_text_atomic(path, "new")
    assert "chmod u+w" in str(info.value)
    assert path.read_text(encoding="utf-8") == "old\n"
    with pytest.raises(OutputError, match="read-only"):
        check_writable(path)


def test_a_refused_write_is_said_in_the_users_language(tmp_path: Path, copy_tree: Any) -> None:
    org = copy_tree(DATA / "org_tiny", "org")
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"old")
    out.chmod(0o444)
    swedish = _cli("report", str(org), "-o", str(out))  # the organisation's language
    english = _cli("report", str(org), "-o", str(out), "--lang", "en")
    assert swedish.exit_code == english.exit_code == 1
    assert f"kan inte skriva {out}: filen är skrivskyddad — gör den skrivbar" in swedish.stderr
    assert f"cannot write {out}: the file is read-only — make it writable" in english.stderr
    assert out.read_bytes() == b"old"


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another owner")
def test_the_owner_and_group_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "measures.yaml"
    path.write_text("old\n", encoding="utf-8")
    os.chown(path, 65534, 65534)
    path.chmod(0o664)
    write_text_atomic(path, "new")
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 65534, 0o664)
    assert path.read_text(encoding="utf-8") == "new\n"


@pytest.mark.skipif(not IS_ROOT, reason="needs root to act as another user")
def test_another_user_cannot_take_over_a_root_owned_file() -> None:
    folder = Path(tempfile.mkdtemp())  # not below pytest's folder, which only root may enter
    try:
        folder.chmod(0o777)
        path = folder / "out.json"
        path.write_text("root's\n", encoding="utf-8")
        path.chmod(0o644)
        os.setegid(65534)
        os.seteuid(65534)
        try:
            with pytest.raises(OutputError, match="read-only"):
                write_text_atomic(path, "mine")
        finally:
            os.seteuid(0)
            os.setegid(0)
        assert path.stat().st_uid == 0
        assert path.read_text(encoding="utf-8") == "root's\n"
    finally:
        shutil.rmtree(folder)


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "plan.xlsx"
    shared.parent.mkdir()
    shared.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(shared)
    write_bytes_atomic(link, b"new")
    assert link.is_symlink()
    assert shared.read_bytes() == b"new"


def test_a_hard_linked_file_is_updated_under_every_name(tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    first.write_text("old", encoding="utf-8")
    second = tmp_path / "b.json"
    os.link(first, second)
    write_text_atomic(first, "new, and longer than the old text")
    assert second.read_text(encoding="utf-8") == "new, and longer than the old text\n"
    write_text_atomic(first, "short")
    assert second.read_text(encoding="utf-8") == "short\n"


def test_a_character_device_is_written_not_replaced(tmp_path: Path) -> None:
    null = _device(tmp_path / "null", NULL)
    write_text_atomic(null, "{}")
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_full_device_is_a_clean_error(tmp_path: Path) -> None:
    full = _device(tmp_path / "full", FULL)
    with pytest.raises(OutputError, match="No space left on device") as info:
        write_text_atomic(full, "{}")
    assert "free some space" in str(info.value)
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_fifo_is_written_directly(fifo: Path) -> None:
    reader = Reader(fifo)
    write_text_atomic(fifo, "through the pipe")
    assert reader.join() == b"through the pipe\n"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_fifo_nobody_reads_is_refused_not_waited_on(fifo: Path) -> None:
    with pytest.raises(OutputError, match="no program is reading this pipe"):
        write_text_atomic(fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="it is a folder"):
        write_text_atomic(tmp_path, "x")


def test_a_nul_byte_in_the_name_is_refused(tmp_path: Path, copy_tree: Any) -> None:
    with pytest.raises(OutputError, match="the name holds a NUL character"):
        write_text_atomic(tmp_path / "a\x00b.json", "x")
    with pytest.raises(OutputError, match="NUL"):
        check_writable(tmp_path / "a\x00b.json")
    org = copy_tree(DATA / "org_tiny", "org")
    result = _cli("analyze", str(org), "--json", str(tmp_path / "a\x00b.json"))
    assert result.exit_code == 1  # was a ValueError traceback
    assert "namnet innehåller ett NUL-tecken" in result.stderr


def test_a_long_file_name_is_not_made_too_long_by_the_temporary_name(tmp_path: Path) -> None:
    path = tmp_path / ("n" * 250 + ".json")
    write_text_atomic(path, "{}")
    assert path.read_text(encoding="utf-8") == "{}\n"


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, *CATALOG])


@pytest.mark.parametrize(
    "command",
    [
        ["analyze", "{org}", "--json", "{out}"],
        ["analyze", "{org}", "--xlsx", "{out}"],
        ["report", "{org}", "-o", "{out}"],
    ],
    ids=["json", "xlsx", "report"],
)
def test_every_output_option_writes_into_a_fifo(
    copy_tree: Any, fifo: Path, command: list[str]
) -> None:
    org = copy_tree(DATA / "org_tiny", "org")
    reader = Reader(fifo)
    args = [a.format(org=org, out=fifo) for a in command]
    result = _cli(*args, "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    data = reader.join()
    assert data.startswith(b"{" if "--json" in args else b"PK")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def _report_in_subprocess(org: Path, out: Path, limit: int | None = None) -> Any:
    """`gapcheck report` in a fresh interpreter (so its exit-time messages are seen), with
    file sizes capped at `limit` bytes to act as a full disk."""
    code = (
        "import resource, signal, sys\n"
        "if sys.argv[1] != 'none':\n"
        "    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "    n = int(sys.argv[1]); resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))\n"
        "from gapcheck.cli import main\n"
        "sys.argv = ['gapcheck', *sys.argv[2:]]\n"
        "main()\n"
    )
    args = ["report", str(org), "-o", str(out), *CATALOG]
    return subprocess.run(
        [sys.executable, "-c", code, str(limit or "none"), *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_report_to_a_full_disk_prints_only_the_clean_error(copy_tree: Any, tmp_path: Path) -> None:
    org = copy_tree(DATA / "org_tiny", "org")
    out = tmp_path / "tiny.xlsx"
    assert _cli("report", str(org), "-o", str(out)).exit_code == 0
    size = out.stat().st_size
    out.unlink()
    # Half the workbook's size: the sheets fit, the zip file does not.
    done = _report_in_subprocess(org, out, limit=size // 2)
    assert done.returncode == 1, done.stderr
    assert "kan inte skriva" in done.stderr  # the organisation is Swedish
    assert "Exception ignored" not in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_report_to_a_full_device_is_refused_and_the_device_kept(
    copy_tree: Any, tmp_path: Path
) -> None:
    full = _device(tmp_path / "full", FULL)
    done = _report_in_subprocess(copy_tree(DATA / "org_tiny", "org"), full)
    assert done.returncode == 1
    assert "No space left on device" in done.stderr
    assert "Exception ignored" not in done.stderr
    assert "written" not in done.stderr.lower()
    assert stat.S_ISCHR(full.stat().st_mode)
