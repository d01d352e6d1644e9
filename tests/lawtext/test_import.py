"""`gapcheck import-law` and `service.import_law`: a new source, a new version continuing the
previous one (decisions carried over, ids never reused for another provision, mappings to
review), user catalogs, dry runs and errors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from gapcheck import service
from gapcheck.catalog import load_catalog
from gapcheck.cli import app
from gapcheck.errors import LawTextError, OutputError
from gapcheck.versions import ChangeKind

DATA = Path(__file__).parents[1] / "data"

V1 = """\
SFS 2099:1 - Lag (2099:1) om prov
Utfärdad: 2099-01-10  Ikraft: 2099-07-01

1 kap. Skyldigheter

Säkerhetsåtgärder

1 § Verksamhetsutövare ska vidta säkerhetsåtgärder för sina system.

Rapportering

2 § Verksamhetsutövare ska rapportera betydande incidenter till myndigheten inom 24 timmar.
"""

# The amendment inserts a new 2 § and moves incident reporting to 3 §.
V2 = V1.replace(
    "Rapportering\n\n2 § Verksamhetsutövare ska rapportera",
    "2 § Verksamhetsutövare ska utse en kontaktperson för frågor om säkerhet.\n\n"
    "Rapportering\n\n3 § Verksamhetsutövare ska rapportera",
).replace("Utfärdad: 2099-01-10  Ikraft: 2099-07-01", "Utfärdad: 2100-01-10  Ikraft: 2100-07-01")

EDGES = """\
mapping:
  id: lag
  title: Test edges on lag
  source: gapcheck
  citation: "test"
  reviewed_against: {lag: v1}
edges:
  - {from: lag:1.2, to: iso27001:A.5.24, type: maps_to}
"""


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog_tiny", root)
    return root


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(
    catalog: Path, file: Path, version: str, published: str, **kw: object
) -> service.LawImport:
    return service.import_law(
        "lag",
        file,
        version,
        "final",
        dt.date.fromisoformat(published),
        catalog_root=catalog,
        today=dt.date(2100, 2, 1),
        **kw,  # type: ignore[arg-type]
    )


def test_a_new_source_is_written_and_loads(catalog: Path, tmp_path: Path) -> None:
    result = _import(catalog, _write(tmp_path, "v1.txt", V1), "v1", "2099-01-10")
    assert (result.written, result.new_source, result.previous) == (True, True, None)
    assert result.path == catalog / "mappings" / "sources" / "lag" / "v1.yaml"
    loaded = next(v for v in load_catalog(catalog).versions if v.source.id == "lag")
    assert [r.id for r in loaded.requirements] == ["lag:1", "lag:1.1", "lag:1.2"]
    assert loaded.source.kind.value == "national_law"
    assert (loaded.version.in_force, loaded.version.citation) == (dt.date(2099, 7, 1), "SFS 2099:1")
    assert loaded.version.verified is False  # the officer checks, then says so
    titles = {r.id: r.title.sv if r.title else None for r in loaded.requirements}
    assert titles == {
        "lag:1": "Skyldigheter",
        "lag:1.1": "Säkerhetsåtgärder",
        "lag:1.2": "Rapportering",
    }


def test_a_new_version_continues_the_previous_one(catalog: Path, tmp_path: Path) -> None:
    _import(catalog, _write(tmp_path, "v1.txt", V1), "v1", "2099-01-10")
    # The officer's decisions on v1: an English title and a deadline; an edge reviewed on v1.
    v1 = catalog / "mappings" / "sources" / "lag" / "v1.yaml"
    text = v1.read_text(encoding="utf-8").replace(
        'title: {sv: "Rapportering"}',
        'title: {sv: "Rapportering", en: "Reporting"}\n'
        "    deadline: {hours: 24, after: awareness, recipient: csirt}",
    )
    v1.write_text(text, encoding="utf-8")
    (catalog / "mappings" / "edges" / "lag.yaml").write_text(EDGES, encoding="utf-8")

    result = _import(catalog, _write(tmp_path, "v2.txt", V2), "v2", "2100-01-10")
    assert result.previous == "v1"
    assert result.loaded.version.supersedes == "v1"
    reqs = {r.id: r for r in result.loaded.requirements}
    moved = reqs["lag:1.3"]  # renumbered from 1 kap. 2 §: the decisions follow it
    assert moved.title is not None
    assert moved.title.en == "Reporting"
    assert moved.deadline is not None
    assert moved.deadline.hours == 24
    # The new 2 § may not take the id that named incident reporting in v1.
    assert ("lag:1.2", "lag:v2.1.2") in result.renamed
    assert "lag:1.2" not in reqs
    assert reqs["lag:v2.1.2"].ref == "1 kap. 2 §"
    assert result.diff is not None
    change = result.diff.by_old()["lag:1.2"]
    assert (change.kind, change.new_id) == (ChangeKind.RENUMBERED, "lag:1.3")
    assert result.review is not None
    assert [(i.requirement, i.current_id, i.reason) for i in result.review.items] == [
        ("lag:1.2", "lag:1.3", "renumbered")
    ]
    assert ("lag:v2.1.2", "1 kap. 2 §") in result.untitled
    load_catalog(catalog)  # the catalog with both versions still loads


def test_dry_run_writes_nothing(catalog: Path, tmp_path: Path) -> None:
    before = sorted(p.name for p in catalog.rglob("*"))
    result = _import(catalog, _write(tmp_path, "v1.txt", V1), "v1", "2099-01-10", dry_run=True)
    assert not result.written
    assert sorted(p.name for p in catalog.rglob("*")) == before


def test_an_existing_version_is_never_overwritten(catalog: Path, tmp_path: Path) -> None:
    file = _write(tmp_path, "v1.txt", V1)
    _import(catalog, file, "v1", "2099-01-10")
    with pytest.raises(OutputError, match="already exists"):
        _import(catalog, file, "v1", "2099-01-10")


def test_an_empty_folder_becomes_a_user_catalog_seeded_from_the_shipped_one(
    tmp_path: Path,
) -> None:
    target = tmp_path / "mycatalog"
    result = service.import_law(
        "lag",
        _write(tmp_path, "v1.txt", V1),
        "v1",
        "final",
        dt.date(2099, 1, 10),
        catalog_root=target,
    )
    assert result.seeded == target
    ids = {v.source.id for v in load_catalog(target).versions}
    assert {"csl", "nis2", "lag"} <= ids


def test_a_folder_that_is_not_a_catalog_is_refused(tmp_path: Path) -> None:
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="neither a catalog"):
        service.import_law(
            "lag",
            _write(tmp_path, "v1.txt", V1),
            "v1",
            "final",
            dt.date(2099, 1, 10),
            catalog_root=tmp_path / "stuff",
        )


def test_unstructured_text_is_refused_with_its_line(catalog: Path, tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.txt", V1 + "\n3 kap. Mer\n\nText utan paragraf.\n")
    with pytest.raises(LawTextError) as info:
        _import(catalog, bad, "v1", "2099-01-10")
    assert [(p.line, p.message) for p in info.value.problems] == [
        (16, "text outside any paragraph")
    ]
    assert not (catalog / "mappings" / "sources" / "lag").exists()


def test_a_file_that_is_not_utf8_is_refused(catalog: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(V1.encode("latin-1"))
    with pytest.raises(LawTextError, match="not UTF-8"):
        _import(catalog, path, "v1", "2099-01-10")


def test_the_command_prints_the_diff_and_the_mappings_to_review(
    catalog: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    base = ["--status", "final", "--catalog", str(catalog), "--lang", "en"]
    first = runner.invoke(
        app,
        [
            "import-law",
            "lag",
            str(_write(tmp_path, "v1.txt", V1)),
            "--version",
            "v1",
            "--published",
            "2099-01-10",
            *base,
        ],
    )
    assert first.exit_code == 0, first.output
    assert "3 provisions read and written to" in first.stdout
    (catalog / "mappings" / "edges" / "lag.yaml").write_text(EDGES, encoding="utf-8")
    second = runner.invoke(
        app,
        [
            "import-law",
            "lag",
            str(_write(tmp_path, "v2.txt", V2)),
            "--version",
            "v2",
            "--published",
            "2100-01-10",
            *base,
        ],
        env={"COLUMNS": "200"},
    )
    assert second.exit_code == 0, second.output
    out = second.stdout
    assert "Compared with the previous version v1" in out
    assert "renumbered" in out
    assert "lag:1.2 → lag:1.3" in out
    assert "gapcheck review-mappings lag --version v2" in out
    bad = runner.invoke(
        app,
        [
            "import-law",
            "lag",
            str(_write(tmp_path, "v3.txt", "Prosa.\n")),
            "--version",
            "v3",
            "--published",
            "2100-01-10",
            *base,
        ],
    )
    assert bad.exit_code == 1
    assert "v3.txt:1" in bad.stderr
    assert "no paragraph" in bad.stderr
    assert "Traceback" not in bad.output


def test_the_written_file_reads_like_the_shipped_ones(catalog: Path, tmp_path: Path) -> None:
    result = _import(catalog, _write(tmp_path, "v1.txt", V1), "v1", "2099-01-10")
    text = result.path.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "      sv: |-\n        Verksamhetsutövare ska vidta" in text
    assert yaml.safe_load(text)["version"]["id"] == "v1"


def _import_cli(catalog: Path, file: Path, version: str, *lang: str) -> tuple[int, str]:
    args = ["import-law", "lag", str(file), "--version", version, "--status", "final"]
    args += ["--published", "2099-01-10", "--catalog", str(catalog), *lang]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ((), "16: text utanför paragraf — före texten väntades en paragraf ('N §')"),
        (("--lang", "en"), "16: text outside any paragraph — expected a paragraph ('N §')"),
    ],
)
def test_import_law_says_where_the_text_cannot_be_structured_in_the_users_language(
    catalog: Path, tmp_path: Path, lang: tuple[str, ...], words: str
) -> None:
    bad = _write(tmp_path, "bad.txt", V1 + "\n3 kap. Mer\n\nText utan paragraf.\n")
    code, err = _import_cli(catalog, bad, "v1", *lang)
    assert code == 1
    assert words in " ".join(err.split())
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ((), "version 'v1' av 'lag' finns redan"),
        (("--lang", "en"), "version 'v1' of 'lag' already exists"),
    ],
)
def test_import_law_refuses_an_existing_version_in_the_users_language(
    catalog: Path, tmp_path: Path, lang: tuple[str, ...], words: str
) -> None:
    file = _write(tmp_path, "v1.txt", V1)
    assert _import_cli(catalog, file, "v1")[0] == 0
    code, err = _import_cli(catalog, file, "v1", *lang)
    assert code == 1
    assert words in " ".join(err.split())


def test_every_importer_problem_reads_in_swedish_and_english() -> None:
    # The importer's problems come from the one translation table: a Swedish text that is not
    # the English one, and a fix in both languages.
    from gapcheck.errors import Problem, ProblemCode

    codes = [c for c in ProblemCode if c.value.startswith(("law_", "pdf_", "repair"))]
    assert len(codes) >= 20
    for code in codes:
        fields = ("value", "option", "number", "previous", "ref", "marker", "expected")
        params: dict[str, str | int] = dict.fromkeys(fields, "X")
        params |= dict.fromkeys(("parent", "reason", "kinds"), "X")
        fix = (
            "fix.law_point_order" if code.value in ("law_point_after", "law_point_first") else None
        )
        problem = Problem.make(code, "f.txt", 1, None, fix, params)
        assert problem.message_in("sv") != problem.message_in("en"), code
        assert problem.hint_in("sv"), code
        assert problem.hint_in("en"), code
