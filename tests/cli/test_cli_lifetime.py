"""What a command loads is frozen out of the cyclic collector's way (gc.freeze) in the console
script's one-command process (issue 12 cold start: 7-10 ms of a warm `analyze`), and only
there: a CLI app run inside a longer-lived process, and the API in any process, keep what they
load collectable (a server must not freeze per request)."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.api.app import create_app
from gapcheck.api.config import Settings
from gapcheck.cli import _lifetime, app
from tests.support.api_support import READ, TOKENS, TestClient, bearer

DATA = Path(__file__).parents[1] / "data"
TINY = [str(DATA / "org_tiny"), "--catalog", str(DATA / "catalog_tiny"), "--as-of", "2026-05-01"]

# The analysis is told whether the catalog and the organisation it gets are tracked by the
# collector and out of its generations (frozen) when it starts.
WATCH = """
import gc, sys
from gapcheck import service
from gapcheck.cli import main
real = service.analyze_loaded
def analyze_loaded(cat, data, *args, **kwargs):
    seen = {id(o) for o in gc.get_objects()}
    frozen = [gc.is_tracked(o) and id(o) not in seen for o in (cat, data)]
    print("frozen", *frozen, file=sys.stderr)
    return real(cat, data, *args, **kwargs)
service.analyze_loaded = analyze_loaded
main()
"""


# The same watch on the portfolio's per-organisation analysis (one worker: no fork).
WATCH_PORTFOLIO = WATCH.replace(
    "from gapcheck import service", "import gapcheck.service._portfolio as service"
)


def _watched(program: str, args: list[str], tmp_path: Path) -> list[str]:
    """The stderr lines of `program` run as the console script with `args` (a cache and runs
    database of its own); it must succeed."""
    env = {
        "GAPCHECK_CACHE_DIR": str(tmp_path / "cache"),
        "GAPCHECK_DATABASE_URL": f"sqlite:///{tmp_path / 'runs.db'}",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": ":".join(sys.path),
    }
    proc = subprocess.run(
        [sys.executable, "-c", program, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stderr.splitlines()


@pytest.mark.parametrize("extra", [[], ["--xlsx", "out.xlsx"]], ids=["analyze", "with-xlsx"])
def test_the_console_script_freezes_the_workspace_before_the_analysis(
    tmp_path: Path, extra: list[str]
) -> None:
    # --xlsx loads with the bytes of the files (for the follow-up sheet): the other load path.
    args = ["analyze", *TINY, "--json", str(tmp_path / "out.json"), *extra]
    assert "frozen True True" in _watched(WATCH, args, tmp_path)


@pytest.fixture
def no_freeze(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """gc.freeze replaced by a recorder (nothing is frozen in the test process)."""
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    return calls


def test_the_app_run_in_a_longer_lived_process_freezes_nothing(no_freeze: list[str]) -> None:
    result = CliRunner().invoke(app, ["analyze", *TINY, "--json", "-"])
    assert result.exit_code == 0, result.output
    assert no_freeze == []


def test_the_api_freezes_nothing_even_when_started_by_the_console_script(
    no_freeze: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(_lifetime, "_one_command", True)  # as under `gapcheck api`
    shutil.copytree(DATA / "org_tiny", tmp_path / "orgs" / "tiny")
    settings = Settings(
        catalog_dir=DATA / "catalog_tiny",
        orgs_dirs=[tmp_path / "orgs"],
        tokens=TOKENS,
        check_interval=0,
    )
    with TestClient(create_app(settings)) as client:
        for query in ("", "&explain=true"):
            url = f"/api/v1/orgs/tiny/gaps?as_of=2026-05-01{query}"
            assert client.get(url, headers=bearer(READ)).status_code == 200
    assert no_freeze == []


def test_the_console_script_freezes_the_portfolios_catalog_before_the_analyses(
    tmp_path: Path,
) -> None:
    args = ["portfolio", *TINY, "--workers", "1", "--json", str(tmp_path / "out.json")]
    # The catalog is frozen; each organisation is read afterwards (collectable, as it goes).
    assert "frozen True False" in _watched(WATCH_PORTFOLIO, args, tmp_path)
