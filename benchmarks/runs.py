"""What saved runs cost (issue 11), measured in one run (a script, not a test): `make bench`.

Targets: saving a run of the example costs at most 50 % of the analysis itself; listing
1,000 saved runs answers in well under a second.

1. analysis: load the shipped catalogs and examples/aldreforvaltningen and analyse it (what
   `gapcheck analyze` does), median of N;
2. capture: the same load keeping the bytes of every file parsed (what `--save` loads with);
3. save: storing a new run of the example (hashing, compressing, one transaction) with the
   catalogs stored already (every save but an organisation's first), median of N; and the
   very first save, which also stores the catalogs and creates the tables;
4. list: 1,000 saved runs of the example (another database), listed through the service, by
   `gapcheck runs ORG --limit 1000 --json -` in a fresh process, and by the API (500 a page);
5. compare: the two newest runs, with the re-analyses that attribute the changes.

SQLite in a temporary folder by default; `--url postgresql+psycopg://…` measures a server
(the database must be empty or hold nothing of the example's organisation).

    .venv/bin/python benchmarks/runs.py [--runs 7] [--list 1000] [--url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"
AS_OF = dt.date(2026, 11, 28)


def median_seconds(func: Callable[[], object], runs: int) -> float:
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(what: str, seconds: float, note: str = "") -> None:
    print(f"{what:<52} {seconds * 1000:9.1f} ms{('  ' + note) if note else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--list", type=int, default=1000, dest="count")
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gapcheck-bench-runs-"))
    url = args.url or f"sqlite:///{tmp / 'runs.sqlite3'}"
    list_url = args.url or f"sqlite:///{tmp / 'list.sqlite3'}"
    os.environ["GAPCHECK_DATABASE_URL"] = url

    from gapcheck import service
    from gapcheck.service import runs
    from gapcheck.store import close_database, open_database, safe_url

    print(f"machine: {os.uname().machine}, CPython {sys.version.split()[0]}; runs: {args.runs}")
    print(f"database: {safe_url(url)}")

    def analysis() -> object:
        cat, org = service.load_workspace(EXAMPLE)
        return service.analyze_loaded(cat, org, AS_OF)

    t_analysis = median_seconds(analysis, args.runs)
    line("analysis (load + analyse the example)", t_analysis)
    t_capture = median_seconds(lambda: runs.load_captured(EXAMPLE), args.runs)
    t_load = median_seconds(lambda: service.load_workspace(EXAMPLE), args.runs)
    line("  load keeping the bytes (--save) vs plain load", t_capture - t_load, "extra")

    captured = runs.load_captured(EXAMPLE)
    result = service.analyze_loaded(captured.catalog, captured.org, AS_OF)
    start = time.perf_counter()
    runs.save_run(captured, result)
    line("first save (creates the tables, stores the catalogs)", time.perf_counter() - start)

    day = [AS_OF]

    def save_new() -> object:
        day[0] -= dt.timedelta(days=1)  # a new date: a new run, the catalogs stored already
        dated = result.model_copy(update={"as_of": day[0]})
        outcome = runs.save_run(captured, dated)
        assert outcome.created
        return outcome

    t_save = median_seconds(save_new, args.runs)
    share = t_save / t_analysis
    verdict = "meets" if share <= 0.5 else "MISSES"
    line("save a new run", t_save, f"{share:.0%} of the analysis ({verdict} ≤ 50 %)")
    start = time.perf_counter()
    cmp = runs.compare_runs(captured.org.organisation.id)
    line("compare the two newest (with attribution)", time.perf_counter() - start)
    del cmp

    # --- 1,000 runs in a database of their own
    close_database()
    os.environ["GAPCHECK_DATABASE_URL"] = list_url
    db = open_database(list_url)
    assert db is not None
    start = time.perf_counter()
    for i in range(args.count):
        dated = result.model_copy(update={"as_of": AS_OF - dt.timedelta(days=i)})
        runs.save_run(
            captured, dated, now=dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=i)
        )
    filled = time.perf_counter() - start
    org = captured.org.organisation.id
    print(f"filled {args.count} runs in {filled:.1f} s ({filled / args.count * 1000:.0f} ms each)")
    t_list = median_seconds(lambda: runs.list_runs(org, limit=args.count), args.runs)
    verdict = "meets" if t_list < 0.5 else "MISSES"
    line(f"list {args.count} runs (service)", t_list, f"{verdict} well under a second")
    t_trend = median_seconds(lambda: runs.trend(org), args.runs)
    line(f"trend over {args.count} runs (service)", t_trend)
    env = {**os.environ, "GAPCHECK_DATABASE_URL": list_url, "COLUMNS": "120"}
    command = [str(REPO / ".venv" / "bin" / "gapcheck"), "runs", org, "--limit", str(args.count)]

    def cli() -> object:
        return subprocess.run([*command, "--json", "-"], env=env, check=True, capture_output=True)

    t_cli = median_seconds(cli, max(3, args.runs // 2))
    line(f"gapcheck runs ORG --limit {args.count} --json - (process)", t_cli)
    t_none = median_seconds(
        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), max(3, args.runs // 2)
    )
    line("  python -c pass (process start-up, for scale)", t_none)
    _api(org, args.runs)


def _api(org: str, runs: int) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from gapcheck.api.app import create_app
    from gapcheck.api.config import Settings, TokenSpec
    from gapcheck.api.tokens import hash_token

    token = "gck_benchmark"
    spec = TokenSpec(hash=hash_token(token), orgs=frozenset({"*"}))
    app = create_app(Settings(orgs_dirs=[EXAMPLE.parent], tokens=[spec]))
    with TestClient(app) as client:
        folder = EXAMPLE.name
        headers = {"Authorization": f"Bearer {token}"}

        def page() -> object:
            r = client.get(f"/api/v1/orgs/{folder}/runs?limit=500", headers=headers)
            assert r.status_code == 200, r.text
            return r

        line("GET /orgs/{org}/runs?limit=500 (API, in process)", median_seconds(page, runs))
        del org


if __name__ == "__main__":
    main()
