"""The API with 50 organisations loaded, driven by `wrk` from a separate process (a script,
not a test; issue 12).

Starts uvicorn (one worker) over 50 generated organisations plus the example on the loopback
address, then measures:

1. cold: the first `/orgs/{org}/gaps` of every organisation (each computes its analysis),
   p50/p99 and the total, and the first `/portfolio` afterwards (every analysis cached);
2. warm: `wrk` at concurrency 1, 10 and 50 against `/health` and against `/gaps` rotating
   over every organisation (Lua script), requests/s and p50/p99 latency, and the ratio
   gaps/health (goal ≥ 50 %);
3. the server's memory: resident set now and at its peak (VmRSS, VmHWM).

`wrk` is Debian's package (`apt-get install wrk`); the script says so when it is missing.

    .venv/bin/python benchmarks/api_load.py [--count 50] [--duration 5] [--rounds 3] [--threads 2]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import HOST, free_port, start_server, wait_ready

from gapcheck.api.tokens import new_token

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"
AS_OF = "2026-11-28"
LUA = """
paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Authorization"] = "Bearer %s"})
end
"""


def synth() -> object:
    spec = importlib.util.spec_from_file_location("synth_orgs", REPO / "scripts" / "synth_orgs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def memory(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of `pid` in MiB."""
    text = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", text).group(1))  # type: ignore[union-attr]
    hwm = int(re.search(r"VmHWM:\s+(\d+)", text).group(1))  # type: ignore[union-attr]
    return rss / 1024, hwm / 1024


def _ms(text: str) -> float:
    value = float(re.sub(r"[a-z]+$", "", text))
    unit = re.search(r"[a-z]+$", text)
    return (
        value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit.group(0) if unit else "ms"]
    )


def wrk(
    url: str, script: Path | None, connections: int, threads: int, duration: int
) -> dict[str, float]:
    argv = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s"]
    argv += ["--latency", "--timeout", "10s"]
    if script is not None:
        argv += ["-s", str(script)]
    out = subprocess.run([*argv, url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "errors": float(errors.group(1)) if errors else 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print(
            "SKIPPED: wrk is not installed, so the server-bound API load was not measured "
            "(Debian: apt-get install -y wrk; benchmarks/api.py measures in-process)."
        )
        return 0
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, CPython "
        f"{platform.python_version()}; {args.count} organisations + the example; "
        f"wrk {args.threads} threads, {args.duration} s per measurement"
    )
    token = new_token()
    with tempfile.TemporaryDirectory() as tmp:
        orgs = Path(tmp) / "orgs"
        synth().generate(orgs, count=args.count, seed=2026)  # type: ignore[attr-defined]
        shutil.copytree(EXAMPLE, orgs / EXAMPLE.name)
        ids = sorted(p.name for p in orgs.iterdir())
        port = free_port()
        base = f"http://{HOST}:{port}"
        started = time.perf_counter()
        proc = start_server(port, token, orgs, Path(tmp) / "server.log")
        try:
            wait_ready(base, proc, timeout=300)
            print(f"server up in {time.perf_counter() - started:.1f} s (loads every folder)")
            headers = {"Authorization": f"Bearer {token}"}
            cold = []
            with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
                for org in ids:
                    t0 = time.perf_counter()
                    client.get(f"/api/v1/orgs/{org}/gaps?as_of={AS_OF}").raise_for_status()
                    cold.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                client.get(f"/api/v1/portfolio?as_of={AS_OF}").raise_for_status()
                portfolio_s = time.perf_counter() - t0
            cold.sort()
            print(
                f"\ncold /gaps, first request per organisation: p50 "
                f"{1000 * statistics.median(cold):.0f} ms, p99 "
                f"{1000 * cold[min(len(cold) - 1, int(len(cold) * 0.99))]:.0f} ms, all "
                f"{len(cold)} {sum(cold):.1f} s; then /portfolio {1000 * portfolio_s:.0f} ms"
            )
            paths = Path(tmp) / "paths.txt"
            paths.write_text("".join(f"/api/v1/orgs/{o}/gaps?as_of={AS_OF}\n" for o in ids))
            script = Path(tmp) / "gaps.lua"
            script.write_text(LUA % (paths, token))
            print(
                f"\nmedians of {args.rounds} rounds (health and gaps alternate within each)\n"
                f"{'concurrency':>11} {'endpoint':>8} {'req/s':>9} {'p50':>9} {'p99':>9}"
            )
            for c in (1, 10, 50):
                runs: dict[str, list[dict[str, float]]] = {"health": [], "gaps": []}
                for _ in range(args.rounds):
                    health_url = f"{base}/api/v1/health"
                    runs["health"].append(wrk(health_url, None, c, args.threads, args.duration))
                    runs["gaps"].append(wrk(base, script, c, args.threads, args.duration))
                med = {
                    name: {k: statistics.median(m[k] for m in ms) for k in ms[0]}
                    for name, ms in runs.items()
                }
                for name, m in med.items():
                    errors = sum(int(r["errors"]) for r in runs[name])
                    print(
                        f"{c:>11} {name:>8} {m['rps']:>9.0f} {m['p50']:>7.1f}ms "
                        f"{m['p99']:>7.1f}ms" + (f"  {errors} errors" if errors else "")
                    )
                ratio = med["gaps"]["rps"] / med["health"]["rps"]
                print(f"{'':>11} gaps/health = {ratio:.0%} (goal >= 50 %)")
            size = len(
                httpx.get(
                    f"{base}/api/v1/orgs/{ids[0]}/gaps?as_of={AS_OF}", headers=headers
                ).content
            )
            print(f"one /gaps body: {size / 1024:.0f} KiB (uncompressed; wrk asks for no gzip)")
            rss, hwm = memory(proc.pid)
            print(f"\nserver memory: {rss:.0f} MiB resident, peak {hwm:.0f} MiB")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
