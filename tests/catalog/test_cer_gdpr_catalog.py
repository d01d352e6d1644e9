"""The CER and GDPR catalogs (scripts/build_cer_gdpr_catalogs.py) and their ISO mappings.

The YAML files are loaded directly (yaml.safe_load + the pydantic file models), not through the
catalog loader, so these tests do not depend on the other sources being complete.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from gapcheck.catalog.files import ControlCatalogFile, MappingFile, SourceVersionFile
from gapcheck.model.catalog import EdgeType, Relationship, Requirement

REPO = Path(__file__).parents[2]
CER = REPO / "mappings/sources/cer/oj-2022-12-27.yaml"
GDPR = REPO / "mappings/sources/gdpr/oj-2016-05-04.yaml"
CER_EDGES = REPO / "mappings/edges/cer-iso27001.yaml"
GDPR_EDGES = REPO / "mappings/edges/gdpr-iso27001.yaml"
CONTROLS = REPO / "controls/iso27001-2022.yaml"
EXAMPLE = REPO / "examples/aldreforvaltningen"
SCRIPT = REPO / "scripts/build_cer_gdpr_catalogs.py"
REFERENCE = REPO.parent / "shared/reference"

# Ids per docs/formats.md; cer:15.1.report is the one documented exception (the detailed
# report of art. 15(1), split out so that its one-month deadline is data).
ID = re.compile(r"^(cer|gdpr):\d+(\.\d+)?(\.[a-z])?(\.sp\d+)?$")
ID_EXCEPTIONS = {"cer:15.1.report"}

# Ids the example organisation links (risks.yaml, measures.yaml) must exist.
EXAMPLE_IDS = {"cer:13.1", "gdpr:28.3", "gdpr:33.1", "gdpr:33.5", "gdpr:45.1", "gdpr:46.1"}


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def source(path: Path) -> SourceVersionFile:
    return SourceVersionFile.model_validate(_load(path))


@cache
def mapping(path: Path) -> MappingFile:
    return MappingFile.model_validate(_load(path))


@cache
def control_ids() -> frozenset[str]:
    return frozenset(c.id for c in ControlCatalogFile.model_validate(_load(CONTROLS)).controls)


def reqs(path: Path) -> dict[str, Requirement]:
    return {r.id: r for r in source(path).requirements}


def text_en(req: Requirement) -> str:
    """The requirement's English text; fails the test if it has none."""
    assert req.text is not None, req.id
    assert req.text.en, req.id
    return req.text.en


PAIRS = [(CER, CER_EDGES), (GDPR, GDPR_EDGES)]


# ---- counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "total", "assessable"),
    [(CER, 33, 14), (GDPR, 95, 17)],
)
def test_requirement_counts(path: Path, total: int, assessable: int) -> None:
    requirements = source(path).requirements
    assert len(requirements) == total
    assert sum(r.assessable for r in requirements) == assessable


@pytest.mark.parametrize(
    ("path", "edges", "sets"),
    [(CER_EDGES, 42, 6), (GDPR_EDGES, 42, 4)],
)
def test_mapping_counts(path: Path, edges: int, sets: int) -> None:
    assert len(mapping(path).edges) == edges
    assert len(mapping(path).sets) == sets


# ---- structure ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [CER, GDPR])
def test_ids_unique_well_formed_and_parents_exist(path: Path) -> None:
    requirements = source(path).requirements
    ids = [r.id for r in requirements]
    assert len(ids) == len(set(ids))
    prefix = source(path).source.id + ":"
    for req in requirements:
        assert req.id.startswith(prefix)
        assert ID.match(req.id) or req.id in ID_EXCEPTIONS, req.id
        if req.parent is not None:
            assert req.parent in ids, req.id
            assert ids.index(req.parent) < ids.index(req.id), req.id
        else:
            assert not req.assessable or req.id == "gdpr:44", req.id
        assert req.title is not None
        assert req.title.en, req.id
        assert req.title.sv, req.id


def test_articles_are_non_assessable_parents() -> None:
    for path in (CER, GDPR):
        for req in source(path).requirements:
            if req.parent is None and req.id != "gdpr:44":
                assert not req.assessable, req.id
    assert {r.id for r in source(CER).requirements if r.parent is None} == {
        f"cer:{n}" for n in range(12, 18)
    }
    assert {r.id for r in source(GDPR).requirements if r.parent is None} == {
        f"gdpr:{n}" for n in (28, 33, 44, 45, 46, 47, 48, 49)
    }


def test_source_and_version_metadata() -> None:
    cer = source(CER)
    assert cer.source.kind.value == "eu_directive"
    assert cer.source.applies_if.cer_critical is True
    assert cer.version.status.value == "final"
    assert cer.version.published == dt.date(2022, 12, 27)
    assert cer.version.in_force == dt.date(2023, 1, 16)
    assert cer.version.verified
    assert cer.version.url == "https://eur-lex.europa.eu/eli/dir/2022/2557/oj"
    gdpr = source(GDPR)
    assert gdpr.source.kind.value == "eu_regulation"
    assert gdpr.source.applies_if.processes_personal_data is True
    assert gdpr.version.published == dt.date(2016, 5, 4)
    assert gdpr.version.in_force == dt.date(2018, 5, 25)
    assert "2016-05-24" in (gdpr.version.notes or "")
    # The one rule (docs/content.md): four provisions come from reproductions of the OJ text.
    assert gdpr.version.verified is False


def test_transfer_articles_need_transfers_outside_eea() -> None:
    for req in source(GDPR).requirements:
        article = int(req.id.removeprefix("gdpr:").split(".")[0])
        if 44 <= article <= 49:
            assert req.applies_if is not None, req.id
            assert req.applies_if.transfers_outside_eea is True, req.id
            assert req.applies_if.processes_personal_data is True, req.id
        else:
            assert req.applies_if is None, req.id


def test_added_gdpr_provisions_and_repaired_typo() -> None:
    gdpr = reqs(GDPR)
    for ident in ("gdpr:44", "gdpr:48", "gdpr:28.3.sp2", "gdpr:49.1.sp2"):
        assert text_en(gdpr[ident])
    assert text_en(gdpr["gdpr:47.2.n"]).startswith("the appropriate data protection training")


def test_cer_15_1_split_keeps_the_whole_text() -> None:
    cer = reqs(CER)
    first = text_en(cer["cer:15.1"])
    report = text_en(cer["cer:15.1.report"])
    second = text_en(cer["cer:15.1.sp2"])
    assert "24 hours" in first
    assert "(c) the geographical area" in first
    assert report in first
    assert second.startswith("Where an incident has or might have a significant impact")
    assert "six or more Member States" not in first


# ---- deadlines ------------------------------------------------------------------------------


def test_deadlines() -> None:
    cer, gdpr = reqs(CER), reqs(GDPR)
    notify = cer["cer:15.1"].deadline
    assert notify is not None
    assert (notify.hours, notify.after, notify.recipient) == (
        24,
        "awareness",
        "competent_authority",
    )
    report = cer["cer:15.1.report"].deadline
    assert report is not None
    assert (report.months, report.after, report.recipient) == (
        1,
        "initial_notification",
        "competent_authority",
    )
    risk = cer["cer:12.1"].deadline
    assert risk is not None
    assert (risk.years, risk.after) == (4, "previous_risk_assessment")
    breach = gdpr["gdpr:33.1"].deadline
    assert breach is not None
    assert (breach.hours, breach.after, breach.recipient) == (72, "awareness", "imy")
    with_deadline = {r.id for p in (CER, GDPR) for r in source(p).requirements if r.deadline}
    assert with_deadline == {"cer:12.1", "cer:15.1", "cer:15.1.report", "gdpr:33.1"}


# ---- the example organisation ---------------------------------------------------------------


def test_ids_the_example_uses_exist() -> None:
    known = set(reqs(CER)) | set(reqs(GDPR))
    assert known >= EXAMPLE_IDS
    used: set[str] = set()
    for path in sorted(EXAMPLE.glob("*.yaml")):
        used |= set(re.findall(r"\b(?:cer|gdpr):[0-9][0-9A-Za-z.]*[0-9A-Za-z]", path.read_text()))
    assert used <= known, sorted(used - known)


# ---- mappings -------------------------------------------------------------------------------


@pytest.mark.parametrize(("src", "edges"), PAIRS)
def test_every_edge_endpoint_exists(src: Path, edges: Path) -> None:
    requirements = reqs(src)
    file = mapping(edges)
    assert file.mapping.source == "gapcheck"
    assert file.mapping.reviewed_against == {
        source(src).source.id: source(src).version.id,
    }
    for edge in file.edges:
        assert edge.type is EdgeType.MAPS_TO
        assert edge.source in requirements, edge.source
        assert requirements[edge.source].assessable, edge.source
        assert edge.target in control_ids(), edge.target
        assert edge.rationale, (edge.source, edge.target)
    pairs = [(e.source, e.target) for e in file.edges]
    assert len(pairs) == len(set(pairs))
    for mset in file.sets:
        assert mset.requirement in requirements, mset.requirement
        assert requirements[mset.requirement].assessable, mset.requirement
        assert mset.sufficient is False
        assert mset.rationale
    assert len({s.requirement for s in file.sets}) == len(file.sets)


@pytest.mark.parametrize(("src", "edges"), PAIRS)
def test_every_assessable_requirement_is_mapped(src: Path, edges: Path) -> None:
    file = mapping(edges)
    mapped = {e.source for e in file.edges} | {s.requirement for s in file.sets}
    unmapped = [r.id for r in source(src).requirements if r.assessable and r.id not in mapped]
    assert unmapped == []


@pytest.mark.parametrize("edges", [CER_EDGES, GDPR_EDGES])
def test_relationships_are_chosen_not_defaulted(edges: Path) -> None:
    used = {e.relationship for e in mapping(edges).edges}
    assert Relationship.SUBSET in used
    assert Relationship.INTERSECTS in used
    assert len(used) >= 2


def test_cer_superset_edges_are_all_hazards_duties() -> None:
    supersets = {
        e.source for e in mapping(CER_EDGES).edges if e.relationship is Relationship.SUPERSET
    }
    assert supersets == {
        "cer:12.1",
        "cer:12.2",
        "cer:13.1.a",
        "cer:13.1.b",
        "cer:13.1.d",
        "cer:13.1.e",
    }


def test_direct_duties_are_capped() -> None:
    cer_sets = {s.requirement for s in mapping(CER_EDGES).sets}
    assert {"cer:15.1", "cer:15.1.report", "cer:13.2"} <= cer_sets
    gdpr_sets = {s.requirement for s in mapping(GDPR_EDGES).sets}
    assert gdpr_sets == {"gdpr:33.1", "gdpr:44", "gdpr:46.1", "gdpr:49.6"}


# ---- generation -----------------------------------------------------------------------------


@cache
def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_cer_gdpr_catalogs", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_files_are_up_to_date() -> None:
    if not (REFERENCE / "cer-directive-art12-17.csv").exists():
        pytest.skip("reference CSVs not available")
    for path, content in _script().outputs(REFERENCE).items():
        assert path.read_text(encoding="utf-8") == content, path


def test_human_refs() -> None:
    human_ref = _script().human_ref
    assert human_ref("13.1.a") == "Art. 13(1)(a)"
    assert human_ref("12.2.sp2") == "Art. 12(2), second subparagraph"
    assert human_ref("44") == "Art. 44"


def test_swedish_refs_follow_the_swedish_language_version() -> None:
    human_ref_sv = _script().human_ref_sv
    assert human_ref_sv("15.1") == "Artikel 15.1"
    assert human_ref_sv("28.3.a") == "Artikel 28.3 a"
    assert human_ref_sv("12.2.sp2") == "Artikel 12.2 andra stycket"
    assert human_ref_sv("44") == "Artikel 44"
    detailed = reqs(CER)["cer:15.1.report"]
    assert detailed.ref_sv == "Artikel 15.1 första stycket andra meningen (detaljerad rapport)"
