"""How long the Excel workbook takes for a large organisation (a script, not a test).

A synthetic organisation — 5,000 measures by default, with a seeded random mix of statuses,
due dates, control links (all shipped catalogs) and some direct requirement links, plus risks
and manual assessments — is analysed, and then:

1. impacts: the coverage each measure adds (`gapcheck.engine.measure_impacts`, incremental);
2. workbook: all sheets built and saved (`write_workbook` with the impacts given);
3. import: the Action plan sheet read back and validated (`read_plan`);
4. reanalyse (sampled): the simple method, one full analysis per measure, timed on a sample
   and extrapolated — what the incremental method saves.

Each time is also given as a ratio to the analysis time measured in the same run (the
baseline), and peak Python memory of analysis + impacts + workbook is measured with tracemalloc
in a separate pass (tracemalloc slows the code it watches).

    .venv/bin/python benchmarks/report.py [--measures 5000] [--seed 1] [--sample 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from gapcheck.catalog import default_catalog_root, load_catalog
from gapcheck.engine import analyze, measure_impacts
from gapcheck.model import (
    Assessment,
    AssessmentResult,
    Catalog,
    EntityType,
    LocalizedText,
    Measure,
    MeasureStatus,
    Nis2Class,
    Organisation,
    OrgData,
    Risk,
)
from gapcheck.model.result import AnalysisResult
from gapcheck.report import read_plan, write_workbook

T = TypeVar("T")
AS_OF = dt.date(2026, 11, 28)
STATUSES = [
    (MeasureStatus.IMPLEMENTED, 35),
    (MeasureStatus.PARTIALLY_IMPLEMENTED, 15),
    (MeasureStatus.IN_PROGRESS, 15),
    (MeasureStatus.PLANNED, 25),
    (MeasureStatus.NOT_STARTED, 7),
    (MeasureStatus.CANCELLED, 3),
]
OWNERS = ["IT-chef", "Informationssäkerhetssamordnare", "Upphandlingsenheten", "HR-chef"]


def synthetic_org(catalog: Catalog, n: int, seed: int) -> OrgData:
    """An essential, CER-critical municipality with `n` measures, 25 risks, 40 assessments."""
    rng = random.Random(seed)
    controls = [c.id for c in catalog.controls if c.assessable]
    requirements = sorted({r.id for v in catalog.versions for r in v.requirements if r.assessable})
    statuses, weights = zip(*STATUSES, strict=True)
    measures = []
    for i in range(1, n + 1):
        status = rng.choices(statuses, weights)[0]
        year = rng.choice([None, 2026, 2027, 2028])
        links = rng.sample(controls, rng.randint(1, 4))
        direct = rng.sample(requirements, 1) if rng.random() < 0.1 else []
        measures.append(
            Measure.model_validate(
                {
                    "id": f"M-{i:05d}",
                    "title": f"Åtgärd {i}: {rng.choice(['rutin', 'utbildning', 'teknik'])}",
                    "description": "Syntetisk åtgärd för prestandamätning. " * rng.randint(0, 4),
                    "owner": rng.choice(OWNERS),
                    "status": status,
                    "plan_year": year,
                    "due": dt.date(year, rng.randint(1, 12), 28) if year else None,
                    "evidence": [f"Dokument {i}"] if status is MeasureStatus.IMPLEMENTED else [],
                    "controls": [
                        {"control": c, "extent": rng.choice(["full", "partial"])} for c in links
                    ],
                    "requirements": [{"requirement": r} for r in direct],
                }
            )
        )
    risks = [
        Risk(
            id=f"R-{k:02d}",
            title=LocalizedText(sv=f"Risk {k}"),
            likelihood=rng.randint(1, 5),
            impact=rng.randint(1, 5),
            concerns=rng.sample(requirements, 5) + rng.sample(controls, 3),
        )
        for k in range(1, 26)
    ]
    assessments = [
        Assessment(
            target=target,
            result=rng.choice(list(AssessmentResult)),
            justification="Bedömd i ledningens genomgång",
            assessor="CISO",
            date=dt.date(2026, 3, 1),
        )
        for target in rng.sample(requirements, 20) + rng.sample(controls, 20)
    ]
    organisation = Organisation(
        id="synthetic",
        name=f"Syntetisk förvaltning ({n} åtgärder)",
        entity_type=EntityType.MUNICIPALITY,
        nis2_class=Nis2Class.ESSENTIAL,
        cer_critical=True,
        transfers_outside_eea=True,
        plan_years=[2026, 2027, 2028],
    )
    return OrgData(
        organisation=organisation,
        measures=tuple(measures),
        risks=tuple(risks),
        assessments=tuple(assessments),
    )


def timed(func: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = func()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--measures", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=20, help="measures re-analysed in step 4")
    args = parser.parse_args()

    catalog = load_catalog(default_catalog_root())
    org = synthetic_org(catalog, args.measures, args.seed)
    reqs = sum(len(v.requirements) for v in catalog.versions)
    print(
        f"catalogs: {len(catalog.versions)} source versions, {reqs} requirements, "
        f"{len(catalog.controls)} controls, {len(catalog.edges)} edges; "
        f"organisation: {len(org.measures)} measures, {len(org.risks)} risks"
    )
    analyze(catalog, org, AS_OF)  # warm-up (imports, caches)
    result, t_analyze = timed(lambda: analyze(catalog, org, AS_OF))
    impacts, t_impacts = timed(lambda: measure_impacts(catalog, org, result))
    recomputed = sum(1 for i in impacts.values() if i.recomputed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.xlsx"
        _, t_write = timed(lambda: write_workbook(result, catalog, org, path, "sv", impacts))
        size = path.stat().st_size
        (read, problems), t_import = timed(lambda: read_plan(path))
        if problems or len(read) != len(org.measures):
            raise SystemExit(f"import failed: {problems[:3]}")
        peak = _peak_memory(catalog, org, Path(tmp) / "traced.xlsx")
    sample = [m.id for m, _ in zip(org.measures, range(args.sample), strict=False)]
    _, t_sample = timed(
        lambda: measure_impacts(catalog, org, result, method="reanalyse", only=set(sample))
    )
    t_reanalyse = t_sample / max(len(sample), 1) * len(org.measures)

    total = t_analyze + t_impacts + t_write
    rows = [
        ("analyse (baseline)", t_analyze),
        (f"impacts, incremental ({recomputed} of {len(org.measures)} recomputed)", t_impacts),
        (f"workbook, build and save ({size / 1e6:.1f} MB)", t_write),
        ("report total: analyse + impacts + workbook", total),
        ("import: read and validate the Action plan sheet", t_import),
        (f"impacts by full re-analysis (extrapolated from {len(sample)})", t_reanalyse),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"{'step'.ljust(width)}  {'seconds':>9}  {'× analyse':>9}")
    for label, seconds in rows:
        print(f"{label.ljust(width)}  {seconds:9.2f}  {seconds / t_analyze:9.1f}")
    print(f"peak Python memory (tracemalloc), analyse + impacts + workbook: {peak / 1e6:.0f} MB")


def _peak_memory(catalog: Catalog, org: OrgData, path: Path) -> int:
    tracemalloc.start()
    try:
        result: AnalysisResult = analyze(catalog, org, AS_OF)
        write_workbook(result, catalog, org, path, "sv")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


if __name__ == "__main__":
    main()
