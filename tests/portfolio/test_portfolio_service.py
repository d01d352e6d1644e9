"""The portfolio service: every organisation analysed as `analyze` would, broken ones listed,
shared gaps and groups aggregated from the organisations' own results, filters, determinism."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gapcheck import service
from gapcheck.errors import NotFoundError
from gapcheck.model import OrgGroup
from gapcheck.model.portfolio import PROBLEMS_SHOWN, OrgGap, PortfolioFilters
from gapcheck.model.result import GapCategory
from gapcheck.service import PortfolioRun
from tests.portfolio.conftest import AS_OF, BROKEN, COUNT, EXAMPLE


def test_broken_organisations_are_listed_with_their_problems_and_the_others_analysed(
    run: PortfolioRun,
) -> None:
    assert len(run.analyses) == COUNT + 1
    assert len(run.problems) == BROKEN
    messages = {p.folder.rsplit("/", 1)[-1]: p.problems for p in run.problems}
    assert any("iso27001:A.5.99" in i.message for i in messages["synt-broken-01"])
    assert any("almost_done" in i.message for i in messages["synt-broken-02"])
    assert any("organisation.yaml" in i.file for i in messages["synt-broken-03"])
    assert all(i.line for i in messages["synt-broken-01"])  # file and line, as validate says


def test_each_row_is_the_organisations_own_analysis(run: PortfolioRun, city: Path) -> None:
    portfolio = service.build_portfolio(run)
    for row in portfolio.organisations:
        folder = EXAMPLE if row.organisation == "aldreforvaltningen" else city / row.organisation
        result = service.analyze_org(folder, AS_OF)
        assert row.coverage == result.totals.coverage
        assert row.projected == result.totals.projected
        assert row.gaps == len(result.gaps) == result.totals.gaps
        assert row.gap_counts == result.gap_counts
        binding = {s.source: s for s in result.sources if s.role.value == "binding"}
        assert set(row.sources) == set(binding)
        for sid, cell in row.sources.items():
            assert cell.requirements == binding[sid].requirements
            if cell.requirements:
                assert cell.coverage == binding[sid].coverage
        assert [g.requirement for g in row.top_gaps] == result.gaps[: len(row.top_gaps)]


def test_each_gap_is_what_validating_its_values_gives(run: PortfolioRun) -> None:
    # summarize_org makes the gaps without pydantic's validation (model.trusted): each must
    # equal the validated model, field by field, with values of the same types, and so dump
    # to the same JSON.
    gaps = [g for a in run.analyses for g in a.gaps]
    assert len(gaps) > 100
    assert any(g.overdue for g in gaps)
    assert any(g.measure_title for g in gaps)
    for gap in gaps:
        validated = OrgGap.model_validate(dict(gap.__dict__))
        assert gap == validated, gap.requirement
        assert gap.model_fields_set == validated.model_fields_set == set(OrgGap.model_fields)
        for name, value in gap.__dict__.items():
            assert type(value) is type(validated.__dict__[name]), (gap.requirement, name)
        assert gap.model_dump_json() == validated.model_dump_json()


def test_shared_gaps_count_the_organisations_that_have_them_most_first(
    run: PortfolioRun,
) -> None:
    portfolio = service.build_portfolio(run)
    having: dict[str, set[str]] = {}
    for a in run.analyses:
        for g in a.gaps:
            having.setdefault(g.requirement, set()).add(a.organisation)
    assert {s.requirement: set(s.organisations) for s in portfolio.shared_gaps} == having
    keys = [(-s.count, -s.priority_sum) for s in portfolio.shared_gaps]
    assert keys == sorted(keys)
    for s in portfolio.shared_gaps:
        named = [o for c in s.closing for o in c.organisations] + s.unplanned
        assert sorted(named) == sorted(s.organisations)  # each organisation once
        assert s.same_measure == (len(s.closing) == 1 and not s.unplanned)
        assert s.priority_sum >= s.priority_max * (s.count > 0)


def test_groups_are_the_means_of_their_members(run: PortfolioRun) -> None:
    portfolio = service.build_portfolio(run)
    rows = {r.organisation: r for r in portfolio.organisations}
    assert sum(len(g.organisations) for g in portfolio.groups) == len(rows)
    for g in portfolio.groups:
        members = [rows[o] for o in g.organisations]
        assert all(m.group == g.group for m in members)
        assert g.coverage == round(sum(m.coverage for m in members) / len(members), 4)
        assert g.gaps == sum(m.gaps for m in members)


def test_filters_narrow_organisations_sources_and_gaps(run: PortfolioRun) -> None:
    everything = service.build_portfolio(run)
    bolag = service.build_portfolio(run, PortfolioFilters(group=OrgGroup.BOLAG))
    assert bolag.organisations
    assert {r.group for r in bolag.organisations} == {OrgGroup.BOLAG}
    assert bolag.totals.folders == everything.totals.folders
    overdue = service.build_portfolio(run, PortfolioFilters(category=GapCategory.OVERDUE))
    assert overdue.totals.gaps == everything.totals.gap_counts["overdue"]
    assert {g.category.value for r in overdue.organisations for g in r.top_gaps} <= {"overdue"}
    csl = service.build_portfolio(run, PortfolioFilters(source="csl", min_priority=60))
    assert {s.source for s in csl.sources} <= {"csl"}
    assert all(s.source == "csl" for s in csl.shared_gaps)
    assert all(g.priority >= 60 for r in csl.organisations for g in r.top_gaps)
    with pytest.raises(NotFoundError, match="known: "):
        service.build_portfolio(run, PortfolioFilters(source="nosuchlaw"))


def test_the_result_never_depends_on_the_order_of_the_folders_or_on_workers(
    run: PortfolioRun, city: Path
) -> None:
    again = service.analyse_portfolio([EXAMPLE, city], AS_OF, workers=2)
    first = service.portfolio_json(service.build_portfolio(run))
    assert service.portfolio_json(service.build_portfolio(again)) == first
    doc = json.loads(first)
    assert first == json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False)


def test_two_folders_with_one_organisation_id_are_analysed_once(tmp_path: Path, city: Path) -> None:
    import shutil

    shutil.copytree(EXAMPLE, tmp_path / "copy")
    run = service.analyse_portfolio([EXAMPLE, tmp_path / "copy"], AS_OF, workers=1)
    assert [a.organisation for a in run.analyses] == ["aldreforvaltningen"]
    (problem,) = run.problems
    assert problem.organisation == "aldreforvaltningen"
    assert "aldreforvaltningen" in problem.problems[0].message


def test_a_folder_that_is_not_one_is_a_problem_not_a_stop(tmp_path: Path) -> None:
    run = service.analyse_portfolio([tmp_path / "missing", EXAMPLE], AS_OF, workers=1)
    assert len(run.analyses) == 1
    assert [p.folder.endswith("missing") for p in run.problems] == [True]


def test_overdue_measures_are_those_open_and_past_due(run: PortfolioRun) -> None:
    portfolio = service.build_portfolio(run)
    for row in portfolio.organisations:
        assert all(m.due < AS_OF for m in row.overdue)
    assert portfolio.overdue == [
        r.organisation
        for r in sorted(
            (r for r in portfolio.organisations if r.overdue),
            key=lambda r: (-len(r.overdue), r.organisation),
        )
    ]


def test_a_broken_organisation_lists_its_first_problems_and_their_total(tmp_path: Path) -> None:
    """Issue 14 case 7: thousands of bad rows must not make a megabyte of portfolio JSON."""
    folder = tmp_path / "orgs" / "many-bad"
    shutil.copytree(EXAMPLE, folder)
    rows = "".join(
        f"  - id: M-BAD-{n:03}\n    title: Trasig rad {n}\n    status: almost_done\n"
        for n in range(120)
    )
    (folder / "measures.yaml").write_text("measures:\n" + rows, encoding="utf-8")
    portfolio = service.build_portfolio(
        service.analyse_portfolio([tmp_path / "orgs"], AS_OF, workers=1)
    )
    [broken] = portfolio.problems
    assert broken.problems_total >= 120
    assert len(broken.problems) == PROBLEMS_SHOWN < broken.problems_total
    assert all("almost_done" in p.message for p in broken.problems)
    assert json.loads(portfolio.model_dump_json())["problems"][0]["problems_total"] == (
        broken.problems_total
    )
