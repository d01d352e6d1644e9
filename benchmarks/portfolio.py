"""`gapcheck portfolio` over 50 organisations against one `gapcheck analyze` (a script, not a
test; issue 12's target: the portfolio ≤ 5× one analyze, measured in the same run).

Generates 50 organisations of the example's size (scripts/synth_orgs.py, seed 2026) in a
temporary folder, then alternates fresh processes of

    gapcheck analyze examples/aldreforvaltningen --as-of DATE --json FILE
    gapcheck portfolio TMP examples/aldreforvaltningen --as-of DATE --json FILE [--workers N]

and reports medians of wall time and of CPU time (user + sys of the child), and the ratios.
CPU time is what a quiet machine would take as wall time in one process; on a shared machine
wall time varies with the other load.

    .venv/bin/python benchmarks/portfolio.py [--runs 3] [--count 50] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"
GAPCHECK = [sys.executable, "-c", "from gapcheck.cli import main; main()"]


def synth() -> object:
    spec = importlib.util.spec_from_file_location("synth_orgs", REPO / "scripts" / "synth_orgs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_once(argv: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, cwd=REPO)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=50)
    # Today's date by default: with a past --as-of, `analyze` also looks up saved runs (the
    # past-date note), which loads SQLAlchemy and would inflate the baseline.
    parser.add_argument("--as-of", default=None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, CPython "
        f"{platform.python_version()}, {platform.system()}; runs: {args.runs}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        city = Path(tmp) / "city"
        synth().generate(city, count=args.count, seed=2026)  # type: ignore[attr-defined]
        out = Path(tmp) / "out.json"
        date = ["--as-of", args.as_of] if args.as_of else []
        analyse = [*GAPCHECK, "analyze", str(EXAMPLE), *date, "--json", str(out)]
        commands = {"analyze (example)": analyse}
        for n in args.workers:
            commands[f"portfolio {args.count}+1, {n} worker(s)"] = [
                *GAPCHECK,
                *("portfolio", str(city), str(EXAMPLE), *date),
                *("--json", str(out), "--workers", str(n)),
            ]
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for argv in commands.values():  # warm the file cache
            run_once(argv)
        for _ in range(args.runs):  # alternate, so drift hits every command alike
            for name, argv in commands.items():
                times[name].append(run_once(argv))
    base_wall = statistics.median(w for w, _ in times["analyze (example)"])
    base_cpu = statistics.median(c for _, c in times["analyze (example)"])
    print(f"\n{'command':<34} {'wall':>8} {'× analyze':>10} {'cpu':>8} {'× analyze':>10}")
    for name, values in times.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(
            f"{name:<34} {wall:7.2f}s {wall / base_wall:9.1f}× {cpu:7.2f}s {cpu / base_cpu:9.1f}×"
        )


if __name__ == "__main__":
    main()
