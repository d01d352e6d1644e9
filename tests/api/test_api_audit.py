"""One JSON line per request: time, token name (never the token), organisation, route, status,
duration (issue 14 item 17)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.support.api_support import READ, TINY_ONLY, WRITE, MakeClient, bearer


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_request_is_one_json_line_in_the_configured_file(
    make_client: MakeClient, tmp_path: Path
) -> None:
    log = tmp_path / "audit.jsonl"
    client = make_client(audit_log=str(log))
    client.get("/api/v1/orgs/tiny/gaps?as_of=2026-11-28", headers=bearer(TINY_ONLY))
    client.get("/api/v1/orgs/nobody/gaps", headers=bearer(READ))
    client.get("/api/v1/sources", headers=bearer("gck_wrong"))
    client.post("/api/v1/orgs/tiny/reload", headers=bearer(WRITE))
    client.get("/api/v1/diff?source=nat&from=v1&to=v1&org=tiny", headers=bearer(READ))
    client.head("/api/v1/health")
    records = _lines(log)
    assert [(r["token"], r["org"], r["method"], r["route"], r["status"]) for r in records] == [
        ("tiny-register", "tiny", "GET", "/api/v1/orgs/{org}/gaps", 200),
        ("reader", "nobody", "GET", "/api/v1/orgs/{org}/gaps", 404),
        (None, None, "GET", "/api/v1/sources", 401),
        ("admin", "tiny", "POST", "/api/v1/orgs/{org}/reload", 200),
        ("reader", "tiny", "GET", "/api/v1/diff", 200),
        (None, None, "HEAD", "/api/v1/health", 200),
    ]
    for record in records:
        assert set(record) == {"time", "token", "org", "method", "route", "status", "duration_ms"}
        assert isinstance(record["duration_ms"], float)
        stamp = dt.datetime.fromisoformat(str(record["time"]))
        assert stamp.utcoffset() == dt.timedelta(0)
    text = log.read_text(encoding="utf-8")
    for token in (READ, WRITE, TINY_ONLY, "gck_wrong"):
        assert token not in text


def test_the_default_is_stderr_and_off_is_silent(
    make_client: MakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    make_client().get("/api/v1/health")
    [line] = capsys.readouterr().err.splitlines()
    assert json.loads(line)["route"] == "/api/v1/health"
    make_client(audit_log="off").get("/api/v1/health")
    assert capsys.readouterr().err == ""


def test_a_relative_audit_log_in_the_config_file_is_beside_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from gapcheck.api.config import load_settings

    config = tmp_path / "api.yaml"
    config.write_text("audit_log: logs/audit.jsonl\n", encoding="utf-8")
    monkeypatch.setenv("GAPCHECK_CONFIG", str(config))
    assert load_settings().audit_log == str(tmp_path / "logs" / "audit.jsonl")
    config.write_text("audit_log: stderr\n", encoding="utf-8")
    assert load_settings().audit_log == "stderr"


def test_an_audit_line_that_cannot_be_written_is_said_not_a_traceback(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(audit_log="/dev/full")  # raises what the app raises
    with caplog.at_level("ERROR", logger="gapcheck.api"):
        r = client.get("/api/v1/health")
    assert r.status_code == 200
    [message] = [rec.getMessage() for rec in caplog.records]
    assert message.startswith("audit log /dev/full: this request's line is lost")
    assert "No space left on device" in message
