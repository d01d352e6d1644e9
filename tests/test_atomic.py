"""A process killed in the middle of an atomic write leaves the old file whole (issue 14: "no
plan lost"): killed after the new bytes are in the temporary file but before the rename, the
target still holds the old bytes, and the organisation still loads."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gapcheck import service

EXAMPLE = Path(__file__).parents[1] / "examples" / "aldreforvaltningen"

# The child writes measures.yaml atomically with os.replace stalled: it announces the
# temporary file, then waits to be killed where the rename would be.
CHILD = """
import os, sys, time
from pathlib import Path
from gapcheck.atomic import write_text_atomic

target, marker = Path(sys.argv[1]), Path(sys.argv[2])

def stalled(src, dst):
    # The marker appears whole (renamed into place), never empty between its creation and
    # its write: the test reads it as soon as it exists.
    part = marker.with_name(marker.name + ".part")
    part.write_text(str(src))
    os.rename(part, marker)
    time.sleep(120)

os.replace = stalled
write_text_atomic(target, "measures:\\n  - this is not what the user had\\n" * 2000)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_write_killed_before_its_rename_leaves_the_old_file_and_a_loadable_organisation(
    tmp_path: Path,
) -> None:
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    target = org / "measures.yaml"
    before = target.read_bytes()
    marker = tmp_path / "tmp-name"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(target), str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the child never reached the rename"
        temporary = Path(marker.read_text())
        assert temporary.parent == org
        assert temporary.read_bytes().startswith(b"measures:\n  - this is not")
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert target.read_bytes() == before
    # The left-over temporary file is no YAML file of the organisation: it is not read.
    assert temporary.name.startswith(".")
    assert temporary.suffix == ".tmp"
    _, data = service.load_workspace(org)
    assert len(data.measures) > 0
