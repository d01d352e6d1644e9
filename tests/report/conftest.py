"""Fixtures for the workbook tests: the tiny catalog and organisation analysed by the engine,
and the workbook written from that result in either language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gapcheck.catalog import load_catalog, load_org
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.result import AnalysisResult
from gapcheck.report import write_workbook
from tests.support.report_helpers import DATA, Sheet, export, run

Analysed = tuple[Catalog, OrgData, AnalysisResult]
Written = Callable[..., Any]


@pytest.fixture
def org_dir(copy_tree: Any) -> Path:
    """A copy of the tiny organisation, for tests that import into it or corrupt it."""
    return copy_tree(DATA / "org_tiny", "org")


@pytest.fixture
def catalog(tiny: Analysed) -> Catalog:
    """The tiny catalog."""
    return tiny[0]


@pytest.fixture
def sheet(catalog: Catalog, org_dir: Path, tmp_path: Path) -> Sheet:
    """The Swedish workbook of `org_dir` exported to `tmp_path/plan.xlsx`, its Action plan
    sheet open for editing (`sheet.path` is the file)."""
    path = tmp_path / "plan.xlsx"
    export(catalog, org_dir, path)
    return Sheet(path)


@pytest.fixture(scope="session")
def tiny() -> Analysed:
    catalog = load_catalog(DATA / "catalog_tiny")
    org = load_org(DATA / "org_tiny", catalog)
    return catalog, org, run(catalog, org)


@pytest.fixture
def workbook(tmp_path: Path, tiny: Analysed) -> Written:
    """`workbook(lang="sv", org=None)`: write the tiny workbook (re-analysing `org` when given)
    and open it with openpyxl; `.path` on the returned workbook is the file."""

    def write(lang: Lang = "sv", org: OrgData | None = None) -> Any:
        catalog, base, result = tiny
        if org is not None:
            result = run(catalog, org)
        path = tmp_path / f"tiny-{lang}.xlsx"
        write_workbook(result, catalog, org or base, path, lang)
        wb = openpyxl.load_workbook(path)
        wb.path = path
        return wb

    return write
