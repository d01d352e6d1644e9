"""The `gapcheck` entry point (cli.main), issue 12 cold start: it collects cyclic garbage less
often, and ends the process without Python's teardown of every object while keeping what that
exit promises: the status, the atexit handlers, the flushed standard streams, and waiting for
running threads. Each case runs in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data"
TINY = [str(DATA / "org_tiny"), "--catalog", str(DATA / "catalog_tiny"), "--as-of", "2026-05-01"]
MAIN = (
    "import atexit, sys; atexit.register(lambda: print('atexit ran', file=sys.stderr)); "
    "from gapcheck.cli import main; main()"
)


def _run(code: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {"GAPCHECK_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": ":".join(sys.path)},
        timeout=120,
        check=False,
    )


def test_a_result_on_stdout_arrives_whole_and_atexit_handlers_run(tmp_path: Path) -> None:
    proc = _run(MAIN, "analyze", *TINY, "--json", "-", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["organisation"]
    assert proc.stderr.strip().endswith("atexit ran")


@pytest.mark.parametrize(
    ("args", "status"),
    [(["analyze", "no-such-folder"], 1), (["analyse"], 2), (["--version"], 0)],
)
def test_the_exit_status_is_the_commands(tmp_path: Path, args: list[str], status: int) -> None:
    proc = _run(MAIN, *args, tmp_path=tmp_path)
    assert proc.returncode == status, proc.stderr
    assert proc.stderr.strip().endswith("atexit ran")


@pytest.mark.parametrize(
    ("code", "status", "stderr"), [("None", 0, ""), ("3", 3, ""), ("'boom'", 1, "boom\n")]
)
def test_exit_takes_the_values_sys_exit_takes(
    tmp_path: Path, code: str, status: int, stderr: str
) -> None:
    program = f"import sys; from gapcheck.cli import _exit; sys.stdout.write('kept'); _exit({code})"
    proc = _run(program, tmp_path=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (status, "kept", stderr)


def test_a_stdout_that_cannot_be_flushed_gives_120_as_pythons_own_exit(tmp_path: Path) -> None:
    lost = "import os, sys; sys.stdout.write('x'); os.close(1)"
    assert _run(lost, tmp_path=tmp_path).returncode == 120  # what Python itself does
    proc = _run(f"{lost}; from gapcheck.cli import _exit; _exit(0)", tmp_path=tmp_path)
    assert proc.returncode == 120


def test_a_closed_stdout_gives_0_as_pythons_own_exit(tmp_path: Path) -> None:
    closed = "import sys; sys.stdout.close()"
    assert _run(closed, tmp_path=tmp_path).returncode == 0  # what Python itself does
    proc = _run(f"{closed}; from gapcheck.cli import _exit; _exit(0)", tmp_path=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_a_running_thread_is_waited_for(tmp_path: Path) -> None:
    program = (
        "import threading, time; from gapcheck.cli import _exit; "
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start(); "
        "_exit(0)"
    )
    proc = _run(program, tmp_path=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "thread done\n")


@pytest.mark.parametrize(("before", "after"), [(700, 50_000), (100_000, 100_000), (0, 0)])
def test_the_first_generation_is_collected_less_often_unless_collection_is_off(
    tmp_path: Path, before: int, after: int
) -> None:
    program = (
        f"import atexit, gc, sys; gc.set_threshold({before}, 11, 12); "
        "atexit.register(lambda: print(gc.get_threshold())); "
        "from gapcheck.cli import main; main()"
    )
    proc = _run(program, "--version", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == str((after, 11, 12))


# pydantic's plugin loader imports importlib.metadata (and email, csv, zipfile) only to return
# no plugins when they are off: the CLI puts a stand-in in its place then. It must answer as
# pydantic's own does (any name other than get_plugins from pydantic's module itself), and
# leave pydantic's in place when plugins are on.
PLUGINS = """
import importlib.util, json, os, sys
from pathlib import Path
import gapcheck.cli
import pydantic.plugin
from gapcheck.model import Catalog  # builds models: pydantic asks for its plugins
used = sys.modules["pydantic.plugin._loader"]
path = Path(pydantic.plugin.__file__).with_name("_loader.py")
spec = importlib.util.spec_from_file_location("pydantic_loader", path)
real = importlib.util.module_from_spec(spec)
spec.loader.exec_module(real)
print(json.dumps([
    os.environ["PYDANTIC_DISABLE_PLUGINS"],
    getattr(used, "__file__", None) == str(path),
    list(used.get_plugins()),
    list(real.get_plugins()),
    used.PYDANTIC_ENTRY_POINT_GROUP,  # any other name: pydantic's own
]))
"""


@pytest.mark.parametrize(
    ("setting", "expected"),
    [(None, ["__all__", False, [], [], "pydantic"]), ("", ["", True, [], [], "pydantic"])],
    ids=["default: plugins off", "plugins on"],
)
def test_pydantic_plugins_off_means_a_stand_in_loader_that_agrees_with_pydantics(
    tmp_path: Path, setting: str | None, expected: list[object]
) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    proc = subprocess.run(
        [sys.executable, "-c", PLUGINS], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == expected
