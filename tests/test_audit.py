"""`make audit` (scripts/audit.py) never says "no vulnerabilities" when nothing was checked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gapcheck_audit", ROOT / "scripts" / "audit.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


def _run(audit: ModuleType, monkeypatch: pytest.MonkeyPatch, outcomes: dict[str, object]) -> int:
    monkeypatch.setattr(audit, "_pip_audit", lambda service: outcomes[service])
    return int(audit.main())


def test_audit_says_not_audited_when_no_database_answers(
    audit: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    skipped = {"rich 15.0.0": "Dependency not found on PyPI and could not be audited"}
    code = _run(
        audit,
        monkeypatch,
        {
            "pypi": audit.Outcome("pypi", skipped=skipped),
            "osv": audit.Outcome("osv", error="ConnectionError: name not resolved"),
        },
    )
    out = capsys.readouterr().out
    assert code == 2
    assert "NOT AUDITED" in out
    assert "osv: not reachable (ConnectionError" in out
    assert "No known vulnerabilities" not in out


def test_audit_reports_known_vulnerabilities_with_exit_1(
    audit: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = audit.Outcome("pypi", checked=["a 1", "b 2"], vulnerable={"b 2": ["GHSA-x"]})
    assert _run(audit, monkeypatch, {"pypi": found}) == 1
    assert "b 2: GHSA-x" in capsys.readouterr().out


def test_audit_passes_only_when_every_pin_was_checked(
    audit: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    partial = audit.Outcome("pypi", checked=["a 1"], skipped={"b 2": "not found"})
    osv_down = audit.Outcome("osv", error="timeout")
    assert _run(audit, monkeypatch, {"pypi": partial, "osv": osv_down}) == 2
    assert "PARTLY AUDITED" in capsys.readouterr().out
    clean = audit.Outcome("pypi", checked=["a 1", "b 2"])
    assert _run(audit, monkeypatch, {"pypi": clean}) == 0


def test_every_base_and_extra_requirement_is_pinned_in_the_lock() -> None:
    from importlib.metadata import requires

    lock = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    pinned = {line.split("==")[0].strip().lower() for line in lock.splitlines() if "==" in line}
    names = set()
    for req in requires("gapcheck") or []:
        name = req.split(";")[0]
        for stop in "<>=[ ":
            name = name.split(stop)[0]
        names.add(name.strip().lower().replace("_", "-"))
    names.discard("gapcheck")  # dev's own reference to the api extra
    assert names <= pinned, sorted(names - pinned)
