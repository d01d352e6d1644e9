"""HTTP API throughput: cached `/orgs/{org}/gaps` next to `/health`, measured in the same run.

Starts `uvicorn` with the gapcheck app on 127.0.0.1 (a free port) in a subprocess, drives it
with a bounded asynchronous httpx client (N requests per measurement, C at a time, and a time
cap), and reports requests/s and p50/p99 latency per endpoint and the ratio gaps/health.
Rounds alternate the two endpoints so drift hits both alike. Goal: ratio >= 50 %.

    .venv/bin/python benchmarks/api.py [--requests 2000] [--concurrency 16] [--rounds 3]

Traffic goes to the loopback address only; the server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from gapcheck.api.tokens import hash_token, new_token

HOST = "127.0.0.1"  # loopback only, never configurable
REPO = Path(__file__).resolve().parents[1]
GOAL = 0.5


@dataclass
class Measurement:
    name: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(port: int, token: str, orgs_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "GAPCHECK_ORGS_DIRS": json.dumps([str(orgs_dir)]),
        "GAPCHECK_TOKENS": json.dumps(
            [{"hash": hash_token(token), "scopes": ["read"], "orgs": ["*"]}]
        ),
    }
    env.pop("GAPCHECK_CONFIG", None)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "gapcheck.api.app:create_app_from_env",
        "--host",
        HOST,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO)


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not answer /health in time")


async def drive(
    client: httpx.AsyncClient, name: str, path: str, total: int, concurrency: int, cap: float
) -> Measurement:
    """`total` GETs of `path`, `concurrency` in flight, stopping early at `cap` seconds."""
    latencies: list[float] = []
    errors = 0
    issued = 0
    start = time.perf_counter()
    deadline = start + cap

    async def worker() -> None:
        nonlocal issued, errors
        while issued < total and time.perf_counter() < deadline:
            issued += 1
            t0 = time.perf_counter()
            try:
                response = await client.get(path)
                await response.aread()
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - t0)
            errors += not ok

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - start
    ordered = sorted(latencies) or [0.0]
    return Measurement(
        name=name,
        requests=len(latencies),
        errors=errors,
        seconds=round(seconds, 3),
        rps=round(len(latencies) / seconds, 1) if seconds else 0.0,
        p50_ms=round(1000 * ordered[len(ordered) // 2], 3),
        p99_ms=round(1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 3),
    )


async def run(args: argparse.Namespace, base: str, token: str) -> dict[str, list[Measurement]]:
    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    headers = {"Authorization": f"Bearer {token}"}
    gaps = f"/api/v1/orgs/{args.org}/gaps"
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=30
    ) as client:
        warm = await client.get(gaps)  # computes and caches the analysis and the page
        if warm.status_code != 200:
            raise RuntimeError(f"{gaps} answered {warm.status_code}: {warm.text[:300]}")
        await drive(client, "warm-up", "/api/v1/health", 200, args.concurrency, 5)
        await drive(client, "warm-up", gaps, 200, args.concurrency, 5)
        results: dict[str, list[Measurement]] = {"health": [], "gaps": []}
        for _ in range(args.rounds):
            for name, path in (("health", "/api/v1/health"), ("gaps", gaps)):
                m = await drive(client, name, path, args.requests, args.concurrency, args.time_cap)
                results[name].append(m)
        return results


def in_process(args: argparse.Namespace, n: int = 2000) -> dict[str, float]:
    """Server cost per request without network or client: direct ASGI calls, one at a time."""
    from gapcheck.api.app import create_app
    from gapcheck.api.config import Settings, TokenSpec

    token = new_token()
    app = create_app(
        Settings(orgs_dirs=[args.orgs_dir], tokens=[TokenSpec(hash=hash_token(token), orgs={"*"})])
    )
    headers = [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())]

    async def call(path: str) -> int:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": (HOST, 50000),
            "server": (HOST, 80),
        }
        status = 0

        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, object]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])  # type: ignore[call-overload]

        await app(scope, receive, send)  # type: ignore[arg-type]
        return status

    async def measure() -> dict[str, float]:
        out = {}
        for name, path in (("health", "/api/v1/health"), ("gaps", f"/api/v1/orgs/{args.org}/gaps")):
            if await call(path) != 200:
                raise RuntimeError(f"{path} did not answer 200 in process")
            for _ in range(200):
                await call(path)
            start = time.perf_counter()
            for _ in range(n):
                await call(path)
            out[name] = (time.perf_counter() - start) / n * 1e6
        return out

    return asyncio.run(measure())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="per measurement")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="alternating health/gaps rounds")
    parser.add_argument("--time-cap", type=float, default=20.0, help="seconds per measurement")
    parser.add_argument("--org", default="aldreforvaltningen")
    parser.add_argument("--orgs-dir", type=Path, default=REPO / "examples")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--check", action="store_true", help=f"exit 1 below the {GOAL:.0%} goal")
    args = parser.parse_args()
    if not (1 <= args.concurrency <= 256 and 1 <= args.requests <= 100_000):
        parser.error("keep --concurrency within 1..256 and --requests within 1..100000")

    token = new_token()
    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        proc = start_server(port, token, args.orgs_dir.resolve(), log)
        try:
            wait_ready(base, proc)
            results = asyncio.run(run(args, base, token))
        except Exception:
            sys.stderr.write(log.read_text(errors="replace")[-3000:])
            raise
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    summary = {}
    print(
        f"{'endpoint':<10}{'round':>6}{'requests':>10}{'errors':>8}{'req/s':>10}"
        f"{'p50 ms':>9}{'p99 ms':>9}"
    )
    for name, rounds in results.items():
        for i, m in enumerate(rounds, 1):
            print(
                f"{name:<10}{i:>6}{m.requests:>10}{m.errors:>8}{m.rps:>10.1f}"
                f"{m.p50_ms:>9.2f}{m.p99_ms:>9.2f}"
            )
        summary[name] = {
            "rps_median": statistics.median(m.rps for m in rounds),
            "p50_ms_median": statistics.median(m.p50_ms for m in rounds),
            "p99_ms_median": statistics.median(m.p99_ms for m in rounds),
            "errors": sum(m.errors for m in rounds),
        }
    ratio = summary["gaps"]["rps_median"] / summary["health"]["rps_median"]
    print(
        f"\ngaps (cached) {summary['gaps']['rps_median']:.0f} req/s vs health "
        f"{summary['health']['rps_median']:.0f} req/s: ratio {ratio:.0%} (goal >= {GOAL:.0%}); "
        f"concurrency {args.concurrency}, {args.requests} requests x {args.rounds} rounds"
    )
    cost = in_process(args)
    cost_ratio = cost["health"] / cost["gaps"]
    print(
        f"server cost in process (no network, no client): health {cost['health']:.0f} us, "
        f"gaps {cost['gaps']:.0f} us per request: throughput ratio {cost_ratio:.0%}"
    )
    if args.json:
        payload = {
            "ratio": round(ratio, 3),
            "in_process_us": {k: round(v, 1) for k, v in cost.items()},
            "in_process_ratio": round(cost_ratio, 3),
            "goal": GOAL,
            "summary": summary,
            "rounds": {k: [asdict(m) for m in v] for k, v in results.items()},
            "settings": {"concurrency": args.concurrency, "requests": args.requests},
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    errors = summary["gaps"]["errors"] + summary["health"]["errors"]
    if errors:
        print(f"{errors} request(s) failed", file=sys.stderr)
        return 1
    return 1 if args.check and ratio < GOAL else 0


if __name__ == "__main__":
    sys.exit(main())
