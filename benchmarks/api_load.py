"""The API with 50 organisations loaded, driven by `wrk` from a separate process (a script,
not a test; issue 12).

Starts uvicorn (one worker) over 50 generated organisations plus the example on the loopback
address, then measures:

1. cold: the first `/orgs/{org}/gaps` of every organisation (each computes its analysis),
   p50/p99 and the total, and the first `/portfolio` afterwards (every analysis cached);
2. warm: `wrk` at concurrency 1, 10 and 50 against `/health` and against `/gaps` rotating
   over every organisation (Lua script), requests/s and p50/p99 latency, and the ratio
   gaps/health (goal ≥ 50 %). `gaps` is what a plain client sends (no `Accept-Encoding`, as
   wrk, curl and Java's or .NET's HTTP clients by default): the default page, rows without
   their explanations. Two more variants are measured beside it (`--variants`, default on):
   `gaps+gzip` (`Accept-Encoding: gzip`, as browsers, python-requests and httpx send) and
   `gaps+explain` (`?explain=true`: the full rows, the default before 2026-12-06);
3. the server's memory: resident set now and at its peak (VmRSS, VmHWM).

`wrk` is Debian's package (`apt-get install wrk`); the script says so when it is missing.

    .venv/bin/python benchmarks/api_load.py [--count 50] [--duration 5] [--rounds 3] [--threads 2]
        [--concurrency 1 10 50] [--no-variants]
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
headers = {["Authorization"] = "Bearer %s"%s}
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], headers)
end
"""
# name -> (extra query, extra Lua header entries); "gaps" is the one the goal is judged on.
VARIANTS = {
    "gaps": ("", ""),
    "gaps+gzip": ("", ', ["Accept-Encoding"] = "gzip"'),
    "gaps+explain": ("&explain=true", ""),
}


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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(
    url: str, script: Path | None, connections: int, threads: int, duration: int, server: int
) -> dict[str, float]:
    """One wrk run: requests/s, p50/p99 (ms), non-2xx/3xx answers, and the server's CPU
    microseconds per request (its user+system time over the run / the requests answered)."""
    argv = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s"]
    argv += ["--latency", "--timeout", "10s"]
    if script is not None:
        argv += ["-s", str(script)]
    cpu0 = cpu_seconds(server)
    out = subprocess.run([*argv, url], check=True, capture_output=True, text=True).stdout
    cpu = cpu_seconds(server) - cpu0
    done = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "errors": float(errors.group(1)) if errors else 0,
        "cpu_us": 1e6 * cpu / max(done, 1),
    }


def _load() -> str:
    """The load average over 1, 5 and 15 minutes, as `uptime` prints it."""
    return "load average " + ", ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--variants",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure gaps+gzip and gaps+explain (--no-variants: health and gaps only)",
    )
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[1, 10, 50], help="wrk connections"
    )
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
            names = list(VARIANTS) if args.variants else ["gaps"]
            scripts = {}
            for name in names:
                query, lua_headers = VARIANTS[name]
                paths = Path(tmp) / f"{name}.txt"
                paths.write_text(
                    "".join(f"/api/v1/orgs/{o}/gaps?as_of={AS_OF}{query}\n" for o in ids)
                )
                scripts[name] = Path(tmp) / f"{name}.lua"
                scripts[name].write_text(LUA % (paths, token, lua_headers))
            print(
                f"\nmedians of {args.rounds} rounds (the endpoints alternate within each); "
                f"uptime before: {_load()}\n"
                f"{'concurrency':>11} {'endpoint':>12} {'req/s':>9} {'p50':>9} {'p99':>9}"
                f" {'/health':>8} {'server cpu/req':>15} {'cpu health/x':>13}"
            )
            for c in args.concurrency:
                runs: dict[str, list[dict[str, float]]] = {"health": []}
                runs.update({name: [] for name in names})
                for _ in range(args.rounds):
                    health_url = f"{base}/api/v1/health"
                    runs["health"].append(
                        wrk(health_url, None, c, args.threads, args.duration, proc.pid)
                    )
                    for name in names:
                        runs[name].append(
                            wrk(base, scripts[name], c, args.threads, args.duration, proc.pid)
                        )
                med = {
                    name: {k: statistics.median(m[k] for m in ms) for k in ms[0]}
                    for name, ms in runs.items()
                }
                for name, m in med.items():
                    errors = sum(int(r["errors"]) for r in runs[name])
                    ratio = m["rps"] / med["health"]["rps"]
                    cpu_ratio = med["health"]["cpu_us"] / m["cpu_us"]
                    print(
                        f"{c:>11} {name:>12} {m['rps']:>9.0f} {m['p50']:>7.1f}ms "
                        f"{m['p99']:>7.1f}ms {ratio:>8.0%} {m['cpu_us']:>13.0f}us "
                        f"{cpu_ratio:>13.0%}" + (f"  {errors} errors" if errors else "")
                    )
                ratio = med["gaps"]["rps"] / med["health"]["rps"]
                verdict = "met" if ratio >= 0.5 else "NOT met"
                cpu_ratio = med["health"]["cpu_us"] / med["gaps"]["cpu_us"]
                print(
                    f"{'':>11} gaps/health = {ratio:.0%} (goal >= 50 %: {verdict}); "
                    f"server CPU per request health/gaps = {cpu_ratio:.0%}"
                )
            print(f"uptime after: {_load()}")
            url = f"{base}/api/v1/orgs/{ids[0]}/gaps?as_of={AS_OF}"
            for label, query, extra in (
                ("default", "", {}),
                ("gzip", "", {"Accept-Encoding": "gzip"}),
                ("explain=true", "&explain=true", {}),
            ):
                # httpx would decode gzip and ask for it by default: count the wire bytes.
                r = httpx.get(
                    url + query,
                    headers={**headers, "Accept-Encoding": "identity", **extra},
                )
                r.raise_for_status()
                size = r.num_bytes_downloaded / 1024
                print(f"one /gaps body, {label}: {size:.0f} KiB on the wire")
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
