"""`make audit`: look up every package pinned in constraints.txt in a vulnerability database.

pip-audit asks its vulnerability services (PyPI's JSON API, then OSV) about each pinned version.
pip-audit itself reports "No known vulnerabilities found" even when the service could not look a
single package up (a mirror without per-version pages answers "not found" for all of them), so
this script reads pip-audit's JSON and says plainly how many packages were actually checked.

Exit codes: 0 every package checked, none vulnerable; 1 a known vulnerability; 2 not audited
(no service reachable, or some packages could not be looked up).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "constraints.txt"
SERVICES = ("pypi", "osv")
TIMEOUT = 300  # seconds per service


@dataclass
class Outcome:
    service: str
    error: str = ""
    checked: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    vulnerable: dict[str, list[str]] = field(default_factory=dict)


def _pip_audit(service: str) -> Outcome:
    command = [
        *(sys.executable, "-m", "pip_audit"),
        *("--requirement", str(LOCK), "--no-deps", "--disable-pip"),
        *("--vulnerability-service", service, "--format", "json", "--progress-spinner", "off"),
    ]
    outcome = Outcome(service)
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        outcome.error = f"no answer within {TIMEOUT} s"
        return outcome
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        last = (run.stderr.strip().splitlines() or ["pip-audit gave no result"])[-1]
        outcome.error = last[:300]
        return outcome
    for dep in report.get("dependencies", []):
        name = f"{dep['name']} {dep.get('version', '')}".strip()
        if "skip_reason" in dep:
            outcome.skipped[name] = dep["skip_reason"]
        else:
            outcome.checked.append(name)
            ids = [v["id"] for v in dep.get("vulns", [])]
            if ids:
                outcome.vulnerable[name] = ids
    return outcome


def main() -> int:
    pinned = [
        line for line in LOCK.read_text(encoding="utf-8").splitlines() if "==" in line.split("#")[0]
    ]
    print(f"Auditing {len(pinned)} pins in {LOCK.name} …")
    outcomes = []
    for service in SERVICES:
        outcome = _pip_audit(service)
        outcomes.append(outcome)
        if outcome.checked and not outcome.skipped:
            break
    best = max(outcomes, key=lambda o: len(o.checked))
    for outcome in outcomes:
        if outcome.error:
            print(f"  {outcome.service}: not reachable ({outcome.error})")
        else:
            print(
                f"  {outcome.service}: {len(outcome.checked)} checked, "
                f"{len(outcome.skipped)} could not be looked up"
            )
            if outcome.skipped:
                print(f"    e.g. {next(iter(outcome.skipped.values()))}")
    if best.vulnerable:
        print(f"KNOWN VULNERABILITIES ({best.service}):")
        for name, ids in sorted(best.vulnerable.items()):
            print(f"  {name}: {', '.join(ids)}")
        return 1
    if not best.checked:
        print(
            "NOT AUDITED: no vulnerability database could be reached from this machine, so "
            "nothing was checked. Run `make audit` where one is reachable."
        )
        return 2
    if best.skipped:
        print(f"PARTLY AUDITED ({best.service}): no known vulnerability in the packages checked;")
        print(f"these {len(best.skipped)} could not be looked up:")
        for name, reason in sorted(best.skipped.items()):
            print(f"  {name}: {reason}")
        return 2
    print(f"No known vulnerabilities in the {len(best.checked)} locked packages ({best.service}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
