"""`gapcheck --help` and the light commands never import the heavy optional libraries.

pandas and openpyxl (the `excel` extra) and fastapi and uvicorn (the `api` extra) take most of a
second to import; the CLI imports them only inside the commands that need them. The checks run
in fresh interpreters, since this test process has long imported them all.

To stay fast, one interpreter runs every command of `COMMANDS` in turn and reports the heavy
modules loaded after each. The set only grows, so an empty report after a command proves that
command imports none of them; on a failure the first non-empty report names the culprit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "openpyxl", "fastapi", "uvicorn", "starlette")
DATA = Path(__file__).parent / "data"
TINY_ORG = str(DATA / "org_tiny")
TINY = ["--catalog", str(DATA / "catalog_tiny")]

COMMANDS = {
    "help": ["--help"],
    "analyze-help": ["analyze", "--help"],
    "validate-help": ["validate", "--help"],
    "explain-help": ["explain", "--help"],
    "init-help": ["init", "--help"],
    "serve-help": ["serve", "--help"],
    "report-help": ["report", "--help"],
    "validate": ["validate", TINY_ORG, *TINY],
    "analyze": ["analyze", TINY_ORG, *TINY, "--as-of", "2026-05-01"],
    "analyze-json": ["analyze", TINY_ORG, *TINY, "--as-of", "2026-05-01", "--json", "-"],
    "explain": ["explain", TINY_ORG, "nat:2.2", *TINY, "--as-of", "2026-05-01"],
    "portfolio": ["portfolio", TINY_ORG, *TINY, "--as-of", "2026-05-01", "--workers", "1"],
}

RUN_ALL = """\
import json, sys
from typer.testing import CliRunner
from gapcheck.cli import app
commands, heavy = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
reports = {}
for name, args in commands.items():
    result = CliRunner().invoke(app, args)
    reports[name] = {
        "exit_code": result.exit_code,
        "exception": repr(result.exception) if result.exception else None,
        "imported": sorted({m.split(".")[0] for m in sys.modules} & heavy),
    }
print(json.dumps(reports))
"""


def _brief_check(args: list[str]) -> str:
    """The check exactly as issue 2 states it, for one command."""
    return (
        "import sys; from gapcheck.cli import app; from typer.testing import CliRunner; "
        f"CliRunner().invoke(app, {args!r}); "
        "print(sorted(m for m in ('pandas','openpyxl','fastapi','uvicorn') if m in sys.modules))"
    )


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    """stdout of each fresh interpreter, started together (about 0.5 s each)."""
    procs = {
        "all": subprocess.Popen(
            [sys.executable, "-c", RUN_ALL, json.dumps(COMMANDS), json.dumps(HEAVY)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
        **{
            name: subprocess.Popen(
                [sys.executable, "-c", _brief_check(COMMANDS[name])],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("help", "analyze-help")
        },
    }
    done = {name: (*proc.communicate(timeout=120), proc.returncode) for name, proc in procs.items()}
    for name, (_, stderr, returncode) in done.items():
        assert returncode == 0, f"{name}: {stderr}"
    return {name: stdout for name, (stdout, _, _) in done.items()}


@pytest.mark.parametrize("name", ["help", "analyze-help"])
def test_help_leaves_pandas_openpyxl_and_fastapi_unimported(
    outputs: dict[str, str], name: str
) -> None:
    assert outputs[name].strip() == "[]"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_leaves_pandas_openpyxl_and_fastapi_unimported(
    outputs: dict[str, str], name: str
) -> None:
    report = json.loads(outputs["all"])[name]
    assert report["exit_code"] == 0, report
    assert report["exception"] is None, report
    assert report["imported"] == [], report


# What `analyze` never needs: typer's help/error formatting (rich's Markdown), the portfolio,
# saved-runs and law-import code, SQLAlchemy (no --save, no past --as-of), the version diff
# and its models (no mapping reviewed against another version), rich's emoji table (the
# console prints data as written), importlib.metadata (pydantic's plugin loader, stood in for
# while plugins are off: cli/__init__.py), logging (the caches' debug messages, which no one
# can have asked for before it is imported: cachedir.debug), tomllib (the translation table
# kept as JSON); and, once the catalog cache holds the catalogs and the engine's catalog part,
# networkx.
NOT_ON_ANALYZE = (
    "importlib.metadata",
    "logging",
    "tomllib",
    "networkx",
    "gapcheck.versions.diff",
    "gapcheck.versions.classify",
    "gapcheck.versions.models",
    "gapcheck.versions._rerun",
    "rich._emoji_codes",
    "typer.rich_utils",
    "markdown_it",
    "gapcheck.model.portfolio",
    "gapcheck.model.runs",
    "gapcheck.lawtext",
    "gapcheck.service._portfolio",
    "gapcheck.service._portfolio_org",
    "gapcheck.service._lawimport",
    "sqlalchemy",
)

# main() ends the process itself (cli._exit); the report is an atexit handler, which it runs.
ANALYZE_MODULES = """\
import atexit, json, sys
from gapcheck.cli import main
args, unwanted = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["gapcheck", *args]
atexit.register(
    lambda: print(json.dumps(sorted(m for m in unwanted if m in sys.modules)), file=sys.stderr)
)
main()
"""


def test_analyze_imports_only_what_it_uses(tmp_path: Path) -> None:
    args = ["analyze", TINY_ORG, *TINY, "--json", str(tmp_path / "out.json")]
    env = {**os.environ, "GAPCHECK_CACHE_DIR": str(tmp_path / "cache")}
    reports = []
    for _ in range(2):  # the first run fills the catalog cache, the second uses it
        proc = subprocess.run(
            [sys.executable, "-c", ANALYZE_MODULES, json.dumps(args), json.dumps(NOT_ON_ANALYZE)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert (tmp_path / "out.json").is_file(), proc.stderr
        reports.append(json.loads(proc.stderr.strip().splitlines()[-1]))
    # The first run checks the catalogs with networkx (which reads its backends' entry points
    # and logs) and parses the translation table.
    assert reports == [["importlib.metadata", "logging", "networkx", "tomllib"], []]


VERSIONS_SURFACE = """\
import importlib, json, sys, types
from gapcheck.versions import carry_over  # loads gapcheck.versions._rerun first
from gapcheck.versions import rerun
import gapcheck.versions as versions
wrong = [
    name for name in versions.__all__
    if getattr(versions, name) is not getattr(importlib.import_module(versions._WHERE[name]), name)
]
missing = sorted(set(versions.__all__) - set(dir(versions)))
print(json.dumps([isinstance(rerun, types.ModuleType), wrong, missing]))
"""


@pytest.mark.parametrize(
    "first",
    ["", "import gapcheck.versions._rerun", "import gapcheck.versions.review"],
    ids=["package first", "rerun's module first", "another module first"],
)
def test_versions_names_load_on_first_use_as_the_functions_they_were(first: str) -> None:
    # Whatever was imported first, each name is the function, never a submodule.
    proc = subprocess.run(
        [sys.executable, "-c", f"{first}\n{VERSIONS_SURFACE}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [False, [], []]


def test_the_rerun_service_calls_the_function_after_its_module_was_imported() -> None:
    code = (
        "import gapcheck.versions._rerun, types\n"
        "import gapcheck.service._versions as sv\n"
        "print(isinstance(sv.rerun, types.FunctionType))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert (proc.returncode, proc.stdout.strip()) == (0, "True"), proc.stderr
