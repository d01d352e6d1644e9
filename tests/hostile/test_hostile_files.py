"""Hostile file-system layouts (issue 14 items 4, 10 and 11): whatever is at an input path must
be a readable regular file inside its folder. A dangling link, a folder or a FIFO where
measures.yaml should be is a problem (it used to count as "absent": validate said "No problems
found" and analyze ran with zero measures); a link out of the organisation folder or the catalog
is not followed, and nothing of its target (path, keys, values) is shown; an over-long name is
a clean error, not a traceback."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.catalog import collect_catalog, collect_org
from gapcheck.cli import app
from gapcheck.errors import ProblemCode
from gapcheck.model import Catalog
from tests.hostile.conftest import DATA, cli

SECRET = "db_password: AKIAIOSFODNN7EXAMPLE\nmeasures: []\n"


def _only(org: Path, catalog: Catalog, name: str = "measures.yaml") -> ProblemCode:
    data, problems = collect_org(org, catalog)
    assert data is None, "the organisation must not load"
    assert len(problems) == 1, problems
    assert problems[0].file.endswith(name)
    return problems[0].code


def _dangling(org: Path) -> None:
    (org / "measures.yaml").unlink()
    (org / "measures.yaml").symlink_to(org / "gone.yaml")


def _folder(org: Path) -> None:
    (org / "measures.yaml").unlink()
    (org / "measures.yaml").mkdir()


def _fifo(org: Path) -> None:
    (org / "measures.yaml").unlink()
    os.mkfifo(org / "measures.yaml")


def _loop(org: Path) -> None:
    (org / "measures.yaml").unlink()
    (org / "measures.yaml").symlink_to("measures.yaml")


@pytest.mark.parametrize(
    ("make", "code", "says"),
    [
        (_dangling, ProblemCode.BROKEN_LINK, "symbolic link to something that does not exist"),
        (_loop, ProblemCode.BROKEN_LINK, "symbolic link to something that does not exist"),
        (_folder, ProblemCode.NOT_A_FILE, "not a regular file but a folder"),
        (_fifo, ProblemCode.NOT_A_FILE, "not a regular file but a named pipe (FIFO)"),
    ],
    ids=["dangling-link", "link-loop", "folder", "fifo"],
)
def test_anything_but_a_regular_file_at_an_input_path_is_a_problem(
    org: Path, tiny_catalog: Catalog, runner: CliRunner, make: object, code: ProblemCode, says: str
) -> None:
    make(org)  # type: ignore[operator]
    assert _only(org, tiny_catalog) is code
    result = cli(runner, "validate", org, "--lang", "en")
    assert result.exit_code == 1
    assert says in result.stderr
    analysis = cli(runner, "analyze", org, "--lang", "en")
    assert analysis.exit_code == 1  # never an analysis with zero measures


def test_a_link_out_of_the_organisation_folder_is_not_followed_or_echoed(
    org: Path, tmp_path: Path, tiny_catalog: Catalog, runner: CliRunner
) -> None:
    outside = tmp_path / "elsewhere" / "credentials.yaml"
    outside.parent.mkdir()
    outside.write_text(SECRET, encoding="utf-8")
    (org / "measures.yaml").unlink()
    (org / "measures.yaml").symlink_to(outside)
    assert _only(org, tiny_catalog) is ProblemCode.LINK_OUTSIDE
    result = cli(runner, "validate", org, "--lang", "en")
    assert result.exit_code == 1
    for leak in ("AKIA", "db_password", "credentials", "elsewhere"):
        assert leak not in result.output


def test_a_link_out_through_a_linked_folder_is_refused_too(
    org: Path, tmp_path: Path, tiny_catalog: Catalog
) -> None:
    # organisation.yaml itself is fine; its folder is real. A catalog whose controls/ folder
    # is a link to somewhere else reads nothing from there.
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog_tiny", catalog)
    elsewhere = tmp_path / "shared-controls"
    shutil.move(catalog / "controls", elsewhere)
    (catalog / "controls").symlink_to(elsewhere)
    loaded, problems = collect_catalog(catalog)
    assert loaded is None
    assert problems
    assert {p.code for p in problems} == {ProblemCode.LINK_OUTSIDE}


def test_a_link_inside_the_folder_is_followed(org: Path, tiny_catalog: Catalog) -> None:
    (org / "kept").mkdir()
    shutil.move(org / "measures.yaml", org / "kept" / "measures.yaml")
    (org / "measures.yaml").symlink_to(Path("kept") / "measures.yaml")
    data, problems = collect_org(org, tiny_catalog)
    assert problems == []
    assert data is not None
    assert len(data.measures) == 3


def test_a_catalog_file_linked_from_outside_the_catalog_is_refused(
    tmp_path: Path,
) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog_tiny", catalog)
    outside = tmp_path / "secret.yaml"
    outside.write_text(SECRET, encoding="utf-8")
    (catalog / "mappings" / "edges" / "extra.yaml").symlink_to(outside)
    loaded, problems = collect_catalog(catalog)
    assert loaded is None
    [p] = problems
    assert p.code is ProblemCode.LINK_OUTSIDE
    assert p.file.endswith("extra.yaml")
    assert "AKIA" not in str(p)
    assert "secret" not in str(p)


def test_a_fifo_among_the_catalog_files_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog_tiny", catalog)
    os.mkfifo(catalog / "controls" / "pipe.yaml")
    loaded, problems = collect_catalog(catalog)
    assert loaded is None
    assert [p.code for p in problems] == [ProblemCode.NOT_A_FILE]


def test_a_path_component_over_255_characters_is_a_clean_error(
    tmp_path: Path, runner: CliRunner
) -> None:
    folder = tmp_path / ("x" * 300)
    # validate and analyze probe the path; the others met it in a Path.exists() that raised
    # (a traceback until the CLI's one handler took OSError too)
    for args, catalog in (
        (("validate", folder), True),
        (("analyze", folder), True),
        (("portfolio", folder), True),
        (("init", folder), False),
        (("init", folder / "sub"), False),
        (("runs", "list", folder), False),
    ):
        result = cli(runner, *args, "--lang", "en", catalog=catalog)
        assert result.exit_code == 1, (args, result.output)
        assert "longer than 255 characters — use shorter folder" in result.stderr, args


def _unblock_readers(fifo: Path, done: threading.Event) -> None:
    """Should a command open the FIFO for reading (the bug), let it see end-of-file instead of
    waiting forever, so the test fails rather than hangs."""
    while not done.wait(0.2):
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            continue  # no reader: the command did not open it


@pytest.mark.parametrize("kind", ["fifo", "folder"])
@pytest.mark.parametrize(
    "command",
    [
        ("import-measures", "{path}", "{org}"),
        (
            "import-law",
            "nat",
            "{path}",
            "--version",
            "v9",
            "--status",
            "final",
            "--published",
            "2026-01-01",
            "--dry-run",
        ),
    ],
    ids=["workbook", "law-text"],
)
def test_a_fifo_or_folder_given_as_the_file_to_import_is_refused_unread(
    org: Path, tmp_path: Path, runner: CliRunner, kind: str, command: tuple[str, ...]
) -> None:
    # A FIFO blocked import-measures and import-law forever; /dev/zero filled the memory.
    path = tmp_path / "input.xlsx"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    done = threading.Event()
    watchdog = threading.Thread(target=_unblock_readers, args=(path, done), daemon=True)
    watchdog.start()
    try:
        args = [a.format(path=path, org=org) for a in command]
        result = cli(runner, *args, "--lang", "en")
    finally:
        done.set()
        watchdog.join()
    assert result.exit_code == 1, result.output
    assert "not a regular file" in result.stderr


def test_serve_with_a_folder_as_its_audit_log_exits_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # serve hands its settings to the workers through os.environ: put back what it sets, or
    # the next tests in this process would load the tiny catalog as the shipped one.
    for name in ("GAPCHECK_ORGS_DIRS", "GAPCHECK_CONFIG", "GAPCHECK_CATALOG_DIR"):
        monkeypatch.setenv(name, "")  # recorded (delenv alone records nothing when unset)
        monkeypatch.delenv(name)
    # The audit file is opened as the app is made: an OSError there was a traceback.
    result = CliRunner().invoke(
        app,
        ["serve", "--orgs", str(tmp_path), "--catalog", str(DATA / "catalog_tiny")],
        env={"GAPCHECK_AUDIT_LOG": str(tmp_path)},
    )
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert f"{tmp_path}: Is a directory — kontrollera sökvägen och behörigheterna" in result.output
