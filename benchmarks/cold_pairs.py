"""A cold `gapcheck analyze` against the YAML floor in interleaved pairs (a script, not a test;
issue 12's goal: a warm-cache cold analyze ≤ 3× the floor).

`scale.py --only-cold` takes the median of five analyses, then the median of five floors, a
few seconds later. On a shared virtual machine whose speed drifts by half within a minute, the
two medians can come from different phases and their ratio moves by ±0.5. Here each pair is a
floor process immediately followed by an analyze process, so both see the same machine: the
ratio of each pair is what is summarised.

The floor parses every YAML file the analysis reads (the catalogs and the example's folder)
with the C loader, in a fresh process; the analysis is `gapcheck analyze EXAMPLE --json FILE`
with a warm catalog cache (a user's second and later runs) and a runs database of its own.

    .venv/bin/python benchmarks/cold_pairs.py [--pairs 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from gapcheck.catalog import load_catalog, load_org

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"


def cpu_of(argv: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, capture_output=True, env=env, cwd=REPO)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=int, default=20)
    args = parser.parse_args()
    catalog = load_catalog(REPO)
    files = [*catalog.files, *load_org(EXAMPLE, catalog).files]
    floor_code = (
        "import yaml\n"
        "Loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
        f"for name in {files!r}:\n"
        "    with open(name, 'rb') as fh:\n"
        "        yaml.load(fh, Loader=Loader)\n"
    )
    # As scale.py: this checkout's bytecode compiled, as an installed gapcheck's is.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=False)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "GAPCHECK_DATABASE_URL": f"sqlite:///{tmp}/runs.db",
            "GAPCHECK_CACHE_DIR": f"{tmp}/cache",
        }
        analyze = [
            sys.executable,
            "-c",
            "from gapcheck.cli import main; main()",
            "analyze",
            str(EXAMPLE),
            "--json",
            str(Path(tmp) / "out.json"),
        ]
        floor = [sys.executable, "-c", floor_code]
        cpu_of(analyze, env)  # fills the catalog cache: the runs below are a user's 2nd+
        cpu_of(floor, env)
        load_before = os.getloadavg()[0]
        floors, analyses = [], []
        for _ in range(args.pairs):
            floors.append(cpu_of(floor, env))
            analyses.append(cpu_of(analyze, env))
        load_after = os.getloadavg()[0]
    ratios = sorted(a / f for a, f in zip(analyses, floors, strict=True))
    print(
        f"{args.pairs} interleaved pairs (floor, then a warm-cache analyze), CPU; load average "
        f"{load_before:.1f} before, {load_after:.1f} after"
    )
    print(
        f"  floor median {statistics.median(floors) * 1000:.0f} ms, analyze median "
        f"{statistics.median(analyses) * 1000:.0f} ms"
    )
    print(
        f"  ratio per pair: median {statistics.median(ratios):.2f}×, lowest {ratios[0]:.2f}×, "
        f"highest {ratios[-1]:.2f}×; pairs over 3×: {sum(r > 3 for r in ratios)} of {len(ratios)}"
    )


if __name__ == "__main__":
    main()
