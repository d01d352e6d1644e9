"""How one analysis scales (a script, not a test): measures ×1/×10/×50/×100, the wide-heading
trap, the JSON share and peak memory, and a cold `analyze` against the YAML-parsing floor.

1. measures: the example with its measures cloned ×k (new ids, same links): `analyze()` time,
   its ratio to ×1 and the cost per added measure (linear: about the same at every step);
2. JSON at ×k: the time to serialise the result (`service.result_json_bytes`, what
   `analyze --json FILE` and the API write) and its share of analyse + JSON, and the peak
   memory (RSS) of a fresh process that loads, analyses and serialises (result schema 3.0);
3. wide heading: a binding source whose heading has `--points` points, and `--inheritors`
   provisions inheriting from that heading, with ×50 measures: `analyze()` with the
   inheritors against without them (each inheritor's path is the heading's whole path: work
   per inheritor that grows with that path makes this ratio explode);
4. cold: `gapcheck analyze EXAMPLE --json FILE` in a fresh process against the floor of
   parsing every YAML file it reads (`yaml.load` with the C loader where available, in a fresh
   process): with a warm catalog cache (a user's second and later runs: the goal), with an
   empty cache (the first run, which also writes it) and with the cache off; the import
   time of `gapcheck.cli` and of networkx; and `--pairs` interleaved pairs (a floor process,
   then a warm analyze process: the ratio per pair, which both see the same machine).

    .venv/bin/python benchmarks/scale.py [--runs 5] [--pairs 20] [--as-of 2026-11-28]
        [--skip-cold | --only-cold]

Times are medians; CPU time (process_time) beside wall time, since the machine is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gapcheck import service
from gapcheck.catalog import load_catalog, load_org
from gapcheck.engine import analyze
from gapcheck.model import (
    Catalog,
    ControlLink,
    Edge,
    EdgeType,
    LoadedVersion,
    LocalizedText,
    Measure,
    MeasureStatus,
    OrgData,
    Relationship,
    Requirement,
    Source,
    SourceKind,
    SourceVersion,
    VersionStatus,
)

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"
FACTORS = (1, 10, 50, 100)


def timed(func: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median (wall, cpu) seconds of `runs` calls after one warm-up."""
    func()
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        func()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def scaled(org: OrgData, factor: int) -> OrgData:
    """`org` with each measure present `factor` times: the original and clones with new ids."""
    clones = [
        m.model_copy(update={"id": f"{m.id}-x{k}"})
        for k in range(2, factor + 1)
        for m in org.measures
    ]
    return org.model_copy(update={"measures": (*org.measures, *clones)})


def wide_heading(catalog: Catalog, points: int, inheritors: int) -> Catalog:
    """`catalog` plus a binding source `wide`: heading `wide:h` with `points` points, each
    mapped to an Annex A control, and `inheritors` provisions `wide:i.N` specified by the
    heading (`subset`: met when it is)."""
    controls = [c.id for c in catalog.controls if c.id.startswith("iso27001:A.") and c.parent]
    reqs = [Requirement(id="wide:h", ref="H", assessable=False)]
    reqs += [Requirement(id=f"wide:h.{i}", ref=f"H.{i}", parent="wide:h") for i in range(points)]
    reqs += [Requirement(id=f"wide:i.{i}", ref=f"I.{i}") for i in range(inheritors)]
    edges = [
        Edge.model_validate(
            {"from": f"wide:h.{i}", "to": controls[i % len(controls)], "type": "maps_to"}
        )
        for i in range(points)
    ]
    edges += [
        Edge.model_validate(
            {
                "from": f"wide:i.{i}",
                "to": "wide:h",
                "type": EdgeType.SPECIFIED_BY.value,
                "relationship": Relationship.SUBSET.value,
            }
        )
        for i in range(inheritors)
    ]
    version = LoadedVersion(
        source=Source(
            id="wide",
            title=LocalizedText(en="A wide synthetic act"),
            short="WIDE",
            kind=SourceKind.NATIONAL_LAW,
            jurisdiction="SE",
        ),
        version=SourceVersion(
            id="v1",
            status=VersionStatus.FINAL,
            published=dt.date(2025, 1, 1),
            in_force=dt.date(2025, 1, 1),
            citation="synthetic",
        ),
        requirements=tuple(reqs),
        path="(benchmark)",
    )
    return catalog.model_copy(
        update={"versions": (*catalog.versions, version), "edges": (*catalog.edges, *edges)}
    )


def wide_measures(org: OrgData, catalog: Catalog, count: int) -> OrgData:
    """`count` open measures spread over the Annex A controls the wide heading maps to."""
    controls = [c.id for c in catalog.controls if c.id.startswith("iso27001:A.") and c.parent]
    statuses = (MeasureStatus.IMPLEMENTED, MeasureStatus.IN_PROGRESS, MeasureStatus.PLANNED)
    extra = tuple(
        Measure(
            id=f"W-{i}",
            title=f"Wide measure {i}",
            status=statuses[i % 3],
            due=dt.date(2027, 6, 30),
            controls=[ControlLink(control=controls[(i * 7) % len(controls)])],
        )
        for i in range(count)
    )
    return org.model_copy(update={"measures": (*org.measures, *extra)})


def peak_rss(factor: int, as_of: dt.date) -> dict[str, float | str]:
    """Load, analyse ×factor and write the JSON in a fresh process: seconds per phase (wall,
    and the process's CPU time) and peak RSS (MiB)."""
    code = f"""
import datetime as dt, json, resource, sys, time
sys.path.insert(0, {str(REPO / "benchmarks")!r})
from scale import scaled, EXAMPLE, REPO
from gapcheck import service
from gapcheck.catalog import load_catalog, load_org
from gapcheck.engine import analyze
cat = load_catalog(REPO)
org = scaled(load_org(EXAMPLE, cat), {factor})
t0, c0 = time.perf_counter(), time.process_time()
result = analyze(cat, org, dt.date.fromisoformat({as_of.isoformat()!r}))
t1, c1 = time.perf_counter(), time.process_time()
data = service.result_json_bytes(result)
t2, c2 = time.perf_counter(), time.process_time()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"analyse": t1 - t0, "json": t2 - t1, "analyse_cpu": c1 - c0,
                  "json_cpu": c2 - c1, "bytes": len(data), "rss_mib": rss,
                  "schema": result.schema_version}}))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout))


def child_timed(
    argv: list[str],
    runs: int,
    env: dict[str, str],
    fresh: Callable[[int], dict[str, str]] | None = None,
) -> tuple[float, float]:
    """Median (wall, cpu) seconds of `runs` fresh processes after one warm-up; cpu is the
    child's user + system time. With `fresh`, run i gets the environment `fresh(i)` (e.g. an
    empty cache folder of its own) and there is no warm-up."""
    if fresh is None:
        subprocess.run(argv, check=True, capture_output=True, cwd=REPO, env=env)
    walls, cpus = [], []
    for i in range(runs):
        run_env = env if fresh is None else fresh(i)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, cwd=REPO, env=run_env)
        walls.append(time.perf_counter() - w)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def paired(floor: list[str], analyze: list[str], env: dict[str, str], pairs: int) -> list[float]:
    """CPU ratios analyze / floor of `pairs` interleaved pairs (a floor process, then an analyze
    process), sorted. This machine's speed drifts by half within a minute, and the two medians
    above can come from different phases; both processes of a pair see the same machine."""

    def cpu(argv: list[str]) -> float:
        return child_timed(argv, 1, env, fresh=lambda _: env)[1]

    ratios = []
    for _ in range(pairs):
        base = cpu(floor)
        ratios.append(cpu(analyze) / base)
    return sorted(ratios)


def cold(as_of: dt.date, runs: int, pairs: int) -> dict[str, float]:
    """Median seconds of a cold `gapcheck analyze --json` (a fresh process) with a warm
    catalog cache and with an empty one, of parsing its YAML files cold, and of importing
    the CLI; and the ratios of `pairs` interleaved pairs (warm analyze / floor)."""
    catalog = load_catalog(REPO)
    files = [*catalog.files, *load_org(EXAMPLE, catalog).files]
    floor_code = f"""
import yaml
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for name in {files!r}:
    with open(name, "rb") as fh:
        yaml.load(fh, Loader=Loader)
"""
    # An installed gapcheck has its bytecode compiled; make sure this checkout's is too, or
    # every run (with PYTHONDONTWRITEBYTECODE set) would compile gapcheck's modules again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=False)
    with tempfile.TemporaryDirectory() as tmp:
        # A runs database and a cache folder of their own: never the user's. The date is
        # today's (no --as-of), as a user runs it: a past --as-of also looks up the saved run
        # that reflects that day (the past-date note), which loads SQLAlchemy; measured apart.
        env = {
            **os.environ,
            "GAPCHECK_DATABASE_URL": f"sqlite:///{tmp}/runs.db",
            "GAPCHECK_CACHE_DIR": f"{tmp}/cache",
        }
        argv = [
            sys.executable,
            "-c",
            "from gapcheck.cli import main; main()",
            "analyze",
            str(EXAMPLE),
            "--json",
            str(Path(tmp) / "out.json"),
        ]

        def run(cmd: list[str]) -> tuple[float, float]:
            return child_timed(cmd, runs, env)

        def empty_cache(i: int) -> dict[str, str]:
            return {**env, "GAPCHECK_CACHE_DIR": f"{tmp}/empty-{i}"}

        load_before = os.getloadavg()[0]
        analyse_s, analyse_cpu = run(argv)  # the warm-up fills the cache: a user's 2nd run
        first_s, first_cpu = child_timed(argv, runs, env, fresh=empty_cache)
        off_s, off_cpu = child_timed(argv, runs, {**env, "GAPCHECK_CACHE_DIR": "off"})
        past_s, past_cpu = run([*argv, "--as-of", as_of.isoformat()])
        floor_s, floor_cpu = run([sys.executable, "-c", floor_code])
        python_s, _ = run([sys.executable, "-c", "pass"])
        import_s, import_cpu = run([sys.executable, "-c", "import gapcheck.cli.app"])
        nx_s, nx_cpu = run([sys.executable, "-c", "import networkx"])
        ratios = paired([sys.executable, "-c", floor_code], argv, env, pairs) if pairs else [0.0]
        load_after = os.getloadavg()[0]
    return {
        "analyze": analyse_s,
        "analyze_cpu": analyse_cpu,
        "first": first_s,
        "first_cpu": first_cpu,
        "off": off_s,
        "off_cpu": off_cpu,
        "analyze_past": past_s,
        "analyze_past_cpu": past_cpu,
        "floor_cpu": floor_cpu,
        "import_cli_cpu": import_cpu,
        "import_networkx_cpu": nx_cpu,
        "floor": floor_s,
        "python": python_s,
        "import_cli": import_s,
        "import_networkx": nx_s,
        "files": len(files),
        "pairs": pairs,
        "pair_median": statistics.median(ratios),
        "pair_lowest": ratios[0],
        "pair_highest": ratios[-1],
        "pairs_over_3": sum(r > 3 for r in ratios),
        "load_before": load_before,
        "load_after": load_after,
    }


def print_cold(c: dict[str, float], as_of: dt.date) -> None:
    """The cold-start figures, each against the YAML floor (CPU and wall)."""

    def line(label: str, wall: float, cpu: float) -> None:
        print(
            f"  {label:<58} wall {wall * 1000:5.0f} ms ({wall / c['floor']:4.1f}×)  "
            f"cpu {cpu * 1000:5.0f} ms ({cpu / c['floor_cpu']:4.1f}×)"
        )

    print(
        f"\ncold start: fresh processes, medians, ratios to the YAML floor (goal: the 2nd and "
        f"later runs ≤ 3× cpu); load average {c['load_before']:.1f} before, "
        f"{c['load_after']:.1f} after"
    )
    line(f"YAML floor: parse the {c['files']:.0f} files, nothing else", c["floor"], c["floor_cpu"])
    line("analyze --json, warm catalog cache (a user's 2nd+ run)", c["analyze"], c["analyze_cpu"])
    line("analyze --json, empty cache (first run: loads, writes)", c["first"], c["first_cpu"])
    line("analyze --json, GAPCHECK_CACHE_DIR=off (no cache)", c["off"], c["off_cpu"])
    line(
        f"analyze --json --as-of {as_of} (past date: saved runs), warm",
        c["analyze_past"],
        c["analyze_past_cpu"],
    )
    if c["pairs"]:
        print(
            f"  {c['pairs']:.0f} interleaved pairs (floor, then a warm-cache analyze), cpu ratio "
            f"per pair: median {c['pair_median']:.2f}×, lowest {c['pair_lowest']:.2f}×, highest "
            f"{c['pair_highest']:.2f}×; pairs over 3×: {c['pairs_over_3']:.0f}"
        )
    print(
        f"  python -c pass wall {c['python'] * 1000:.0f} ms; import gapcheck.cli.app cpu "
        f"{c['import_cli_cpu'] * 1000:.0f} ms; import networkx cpu "
        f"{c['import_networkx_cpu'] * 1000:.0f} ms"
    )


def print_json_share(as_of: dt.date, runs: int) -> None:
    """The fresh-process table: analyse and JSON (`service.result_json_bytes`) per factor, wall
    and CPU, JSON's share of the two (goal at ×100: ≤ 20 %) and the peak RSS (≤ 200 MiB)."""
    print(
        f"\nfresh process per factor, medians of {max(1, runs // 2)} (JSON: result_json_bytes)"
        f"\n{'×':>4} {'analyse':>9} {'JSON':>8} {'JSON %':>7} {'cpu an.':>9} {'cpu JSON':>9} "
        f"{'cpu %':>6} {'MB':>7} {'peak RSS':>9}"
    )
    for factor in FACTORS:
        samples = [peak_rss(factor, as_of) for _ in range(max(1, runs // 2))]
        m = {
            k: statistics.median(float(x[k]) for x in samples) for k in samples[0] if k != "schema"
        }
        share = m["json"] / (m["analyse"] + m["json"])
        cpu_share = m["json_cpu"] / (m["analyse_cpu"] + m["json_cpu"])
        print(
            f"{factor:>4} {m['analyse'] * 1000:7.0f}ms {m['json'] * 1000:6.0f}ms {share:6.0%} "
            f"{m['analyse_cpu'] * 1000:7.0f}ms {m['json_cpu'] * 1000:7.0f}ms {cpu_share:5.0%} "
            f"{m['bytes'] / 1e6:7.1f} {m['rss_mib']:6.0f}MiB"
        )
    print(f"result schema {samples[0]['schema']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 28))
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--inheritors", type=int, default=1000)
    parser.add_argument("--wide-measures", type=int, default=2000)
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument(
        "--pairs", type=int, default=20, help="interleaved floor/analyze pairs (0: none)"
    )
    parser.add_argument("--only-cold", action="store_true", help="the cold-start section alone")
    parser.add_argument(
        "--only-json", action="store_true", help="the JSON share and peak memory section alone"
    )
    args = parser.parse_args()
    as_of: dt.date = args.as_of
    started = time.perf_counter()
    if args.only_cold:
        print(f"python {sys.version.split()[0]}, as_of {as_of}, runs {args.runs}")
        print_cold(cold(as_of, args.runs, args.pairs), as_of)
        print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")
        return
    if args.only_json:
        print(f"python {sys.version.split()[0]}, as_of {as_of}, runs {args.runs}")
        print_json_share(as_of, args.runs)
        print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")
        return
    catalog = load_catalog(REPO)
    org = load_org(EXAMPLE, catalog)
    print(f"python {sys.version.split()[0]}, as_of {as_of}, runs {args.runs}\n")

    print(f"{'measures':>9} {'analyse':>10} {'cpu':>9} {'× ×1':>7} {'µs/added':>9}")
    base: tuple[int, float] | None = None
    previous: tuple[int, float] | None = None
    for factor in FACTORS:
        big = scaled(org, factor)
        runs = max(1, args.runs if factor <= 10 else args.runs // 2)
        wall, cpu = timed(lambda big=big: analyze(catalog, big, as_of), runs)  # type: ignore[misc]
        n = len(big.measures)
        base = base or (n, cpu)
        step = f"{(cpu - previous[1]) / (n - previous[0]) * 1e6:9.0f}" if previous else " " * 9
        print(f"{n:>9} {wall * 1000:8.0f}ms {cpu * 1000:7.0f}ms {cpu / base[1]:6.1f}× {step}")
        previous = (n, cpu)

    print_json_share(as_of, args.runs)

    data = wide_measures(org, catalog, args.wide_measures)
    runs = max(1, args.runs // 2)
    steps = (0, args.inheritors // 2, args.inheritors)
    wide = {
        n: timed(lambda n=n: analyze(wide_heading(catalog, args.points, n), data, as_of), runs)[1]
        for n in steps
    }  # type: ignore[misc]
    half, full = steps[1], steps[2]
    first = (wide[half] - wide[0]) / half
    second = (wide[full] - wide[half]) / (full - half)
    print(
        f"\nwide heading ({args.points} points, {len(data.measures)} measures), cpu: without "
        f"inheritors {wide[0] * 1000:.0f} ms, {half} inheritors {wide[half] * 1000:.0f} ms, "
        f"{full} inheritors {wide[full] * 1000:.0f} ms: {wide[full] / wide[0]:.1f}×; "
        f"ms per inheritor {first * 1000:.2f} for the first {half}, {second * 1000:.2f} for "
        f"the next: {second / first:.2f}× (a linear path gives 1×, a quadratic one about "
        f"{(full + half) / half:.0f}×)"
    )

    if not args.skip_cold:
        print_cold(cold(as_of, args.runs, args.pairs), as_of)
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")
    _ = service  # the JSON encoder measured is service.result_json_bytes (what -o writes)


if __name__ == "__main__":
    main()
