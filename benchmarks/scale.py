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
   process), and the import time of `gapcheck.cli` with and without networkx.

    .venv/bin/python benchmarks/scale.py [--runs 5] [--as-of 2026-11-28] [--skip-cold]

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


def peak_rss(factor: int, as_of: dt.date) -> dict[str, float]:
    """Load, analyse ×factor and write the JSON in a fresh process: seconds per phase and peak
    RSS (MiB)."""
    code = f"""
import datetime as dt, json, resource, sys, time
sys.path.insert(0, {str(REPO / "benchmarks")!r})
from scale import scaled, EXAMPLE, REPO
from gapcheck import service
from gapcheck.catalog import load_catalog, load_org
from gapcheck.engine import analyze
cat = load_catalog(REPO)
org = scaled(load_org(EXAMPLE, cat), {factor})
t0 = time.perf_counter()
result = analyze(cat, org, dt.date.fromisoformat({as_of.isoformat()!r}))
t1 = time.perf_counter()
data = service.result_json_bytes(result)
t2 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"analyse": t1 - t0, "json": t2 - t1, "bytes": len(data),
                  "rss_mib": rss}}))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout))


def child_timed(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median (wall, cpu) seconds of `runs` fresh processes after one warm-up; cpu is the
    child's user + system time."""
    subprocess.run(argv, check=True, capture_output=True, cwd=REPO, env=env)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, cwd=REPO, env=env)
        walls.append(time.perf_counter() - w)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def cold(as_of: dt.date, runs: int) -> dict[str, float]:
    """Median seconds of a cold `gapcheck analyze --json`, of parsing its YAML files cold, and
    of importing the CLI."""
    catalog = load_catalog(REPO)
    files = [*catalog.files, *load_org(EXAMPLE, catalog).files]
    floor_code = f"""
import yaml
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for name in {files!r}:
    with open(name, "rb") as fh:
        yaml.load(fh, Loader=Loader)
"""
    with tempfile.TemporaryDirectory() as tmp:
        # A runs database of its own: never the user's. The date is today's (no --as-of), as
        # a user runs it: a past --as-of also looks up the saved run that reflects that day
        # (the past-date note), which loads SQLAlchemy; measured apart.
        env = {**os.environ, "GAPCHECK_DATABASE_URL": f"sqlite:///{tmp}/runs.db"}
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

        analyse_s, analyse_cpu = run(argv)
        past_s, past_cpu = run([*argv, "--as-of", as_of.isoformat()])
        floor_s, floor_cpu = run([sys.executable, "-c", floor_code])
        python_s, _ = run([sys.executable, "-c", "pass"])
        import_s, import_cpu = run([sys.executable, "-c", "import gapcheck.cli.app"])
        nx_s, nx_cpu = run([sys.executable, "-c", "import networkx"])
    return {
        "analyze": analyse_s,
        "analyze_cpu": analyse_cpu,
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
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 28))
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--inheritors", type=int, default=1000)
    parser.add_argument("--wide-measures", type=int, default=2000)
    parser.add_argument("--skip-cold", action="store_true")
    args = parser.parse_args()
    as_of: dt.date = args.as_of
    started = time.perf_counter()
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

    print(f"\n{'×':>4} {'analyse':>9} {'JSON':>8} {'JSON %':>7} {'MB':>7} {'peak RSS':>9}")
    for factor in FACTORS:
        samples = [peak_rss(factor, as_of) for _ in range(max(1, args.runs // 2))]
        m = {k: statistics.median(x[k] for x in samples) for k in samples[0]}
        share = m["json"] / (m["analyse"] + m["json"])
        print(
            f"{factor:>4} {m['analyse'] * 1000:7.0f}ms {m['json'] * 1000:6.0f}ms {share:6.0%} "
            f"{m['bytes'] / 1e6:7.1f} {m['rss_mib']:6.0f}MiB"
        )

    data = wide_measures(org, catalog, args.wide_measures)
    runs = max(1, args.runs // 2)
    steps = (0, args.inheritors // 2, args.inheritors)
    wide = {
        n: timed(lambda n=n: analyze(wide_heading(catalog, args.points, n), data, as_of), runs)[1]
        for n in steps
    }  # type: ignore[misc]
    half, full = steps[1], steps[2]
    print(
        f"\nwide heading ({args.points} points, {len(data.measures)} measures), cpu: without "
        f"inheritors {wide[0] * 1000:.0f} ms, {half} inheritors {wide[half] * 1000:.0f} ms, "
        f"{full} inheritors {wide[full] * 1000:.0f} ms: {wide[full] / wide[0]:.1f}×; "
        f"ms per inheritor {(wide[half] - wide[0]) / half * 1000:.2f} for the first {half}, "
        f"{(wide[full] - wide[half]) / (full - half) * 1000:.2f} for the next (constant: linear)"
    )

    if not args.skip_cold:
        c = cold(as_of, args.runs)
        print(
            f"\ncold analyze --json: wall {c['analyze'] * 1000:.0f} ms, cpu "
            f"{c['analyze_cpu'] * 1000:.0f} ms; YAML floor ({c['files']:.0f} files): wall "
            f"{c['floor'] * 1000:.0f} ms, cpu {c['floor_cpu'] * 1000:.0f} ms; ratio wall "
            f"{c['analyze'] / c['floor']:.1f}×, cpu {c['analyze_cpu'] / c['floor_cpu']:.1f}×; "
            f"python -c pass {c['python'] * 1000:.0f} ms"
        )
        print(
            f"cold analyze --json --as-of {as_of} (a past date: looks up saved runs): wall "
            f"{c['analyze_past'] * 1000:.0f} ms, cpu {c['analyze_past_cpu'] * 1000:.0f} ms"
        )
        print(
            f"import gapcheck.cli.app cpu {c['import_cli_cpu'] * 1000:.0f} ms; "
            f"import networkx cpu {c['import_networkx_cpu'] * 1000:.0f} ms"
        )
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")
    _ = service  # the JSON encoder measured is service.result_json_bytes (what -o writes)


if __name__ == "__main__":
    main()
