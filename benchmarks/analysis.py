"""How long gapcheck takes, measured in one run (a script, not a test): `make bench`.

1. load: the shipped catalogs plus examples/aldreforvaltningen (parse, validate, cross-check);
2. analyse: the example at its analysis date, median of N runs;
3. scale: the example with its measures cloned ×10 and ×50 (new ids, same links), to show the
   cost grows about linearly in the number of measures: the marginal cost per added measure
   should be about the same at ×10 and ×50;
4. start-up: `gapcheck --help` in a fresh process against `python -c pass`.

Every ratio is against a baseline measured in the same run, so the numbers compare across
machines only as ratios. Takes well under a minute.

    .venv/bin/python benchmarks/analysis.py [--runs 15] [--as-of 2026-11-28]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from gapcheck import service
from gapcheck.catalog import load_catalog, load_org
from gapcheck.engine import analyze
from gapcheck.model import Catalog, OrgData

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"


def median_seconds(func: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls of `func`, after one warm-up call."""
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def scaled(org: OrgData, factor: int) -> OrgData:
    """`org` with each measure present `factor` times: the original and clones with new ids."""
    clones = [
        m.model_copy(update={"id": f"{m.id}-x{k}"})
        for k in range(2, factor + 1)
        for m in org.measures
    ]
    return org.model_copy(update={"measures": (*org.measures, *clones)})


def analysis_seconds(catalog: Catalog, org: OrgData, as_of: dt.date, runs: int) -> float:
    return median_seconds(lambda: analyze(catalog, org, as_of), runs)


def load(catalog_root: Path) -> tuple[Catalog, OrgData]:
    catalog = load_catalog(catalog_root)
    return catalog, load_org(EXAMPLE, catalog)


def command_seconds(argv: list[str], runs: int) -> float:
    """Median wall time of running `argv` as a fresh process."""

    def once() -> None:
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return median_seconds(once, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per analysis median")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 28))
    args = parser.parse_args()
    runs: int = args.runs
    as_of: dt.date = args.as_of

    started = time.perf_counter()
    load_s = median_seconds(lambda: load(REPO), 3)
    catalog, org = load(REPO)
    n_req = sum(len(v.requirements) for v in catalog.versions)
    print(f"gapcheck benchmark — Python {sys.version.split()[0]}, as_of {as_of}")
    print(
        f"catalogs: {n_req} requirements, {len(catalog.controls)} controls, "
        f"{len(catalog.edges)} edges; example: {len(org.measures)} measures, "
        f"{len(org.risks)} risks\n"
    )

    json_s = median_seconds(
        lambda: service.result_json(analyze(catalog, org, as_of)), max(3, runs // 3)
    )
    rows: list[tuple[str, int, float, int]] = []
    for factor, n in ((1, runs), (10, max(3, runs // 2)), (50, max(3, runs // 3))):
        big = scaled(org, factor)
        seconds = analysis_seconds(catalog, big, as_of, n)
        rows.append((f"analyse ×{factor}", len(big.measures), seconds, n))

    gapcheck = shutil.which("gapcheck", path=str(Path(sys.executable).parent))
    fallback = [sys.executable, "-c", "from gapcheck.cli import main; main()"]
    help_argv = [gapcheck, "--help"] if gapcheck else [*fallback, "--help"]
    help_s = command_seconds(help_argv, 5)
    python_s = command_seconds([sys.executable, "-c", "pass"], 5)

    base = rows[0][2]
    print(f"{'what':<30} {'measures':>8} {'runs':>5} {'median':>10} {'× baseline':>11}")
    print(f"{'load catalogs + example':<30} {'':>8} {3:>5} {load_s * 1000:>8.0f} ms {'':>11}")
    for label, measures, seconds, n in rows:
        print(
            f"{label:<30} {measures:>8} {n:>5} {seconds * 1000:>8.1f} ms {seconds / base:>10.2f}×"
        )
    print(
        f"{'analyse ×1 + JSON':<30} {rows[0][1]:>8} {max(3, runs // 3):>5} "
        f"{json_s * 1000:>8.1f} ms {json_s / base:>10.2f}×"
    )
    print(f"{'python -c pass':<30} {'':>8} {5:>5} {python_s * 1000:>8.0f} ms {'':>11}")
    print(f"{'gapcheck --help':<30} {'':>8} {5:>5} {help_s * 1000:>8.0f} ms {'':>11}")

    (_, n1, t1, _), (_, n10, t10, _), (_, n50, t50, _) = rows
    low = (t10 - t1) / (n10 - n1)
    high = (t50 - t10) / (n50 - n10)
    print()
    print(
        f"cost per added measure: ×1→×10 {low * 1e6:.0f} µs, ×10→×50 {high * 1e6:.0f} µs; "
        f"ratio {high / low:.2f} (≈ 1: linear in measures)"
    )
    fixed = max(t1 - n1 * high, 0.0)
    print(f"  fixed part (the catalog graph) ≈ {fixed * 1000:.0f} ms of the ×1 analysis")
    print(f"gapcheck --help / python -c pass = {help_s / python_s:.1f}×")
    print(f"benchmark took {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
