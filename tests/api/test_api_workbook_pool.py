"""Workbooks render in a bounded pool: a few at a time, a short queue, then 503 with
Retry-After (issue 14 item 12)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from gapcheck.api.routes import report
from gapcheck.api.workpool import PoolFull, WorkPool
from tests.support.api_support import READ, MakeClient, bearer

R = bearer(READ)


def test_the_pool_admits_workers_plus_queue_then_refuses() -> None:
    pool = WorkPool(workers=1, queue=1, first_guess=2.0)
    release = threading.Event()
    started = threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "done"

    async def scenario() -> tuple[list[str], int]:
        first = asyncio.ensure_future(pool.run(slow))
        await asyncio.sleep(0)
        second = asyncio.ensure_future(pool.run(lambda: "queued"))
        await asyncio.sleep(0)
        with pytest.raises(PoolFull) as info:
            await pool.run(lambda: "refused")
        release.set()
        return [await first, await second], info.value.retry_after

    results, retry_after = asyncio.run(scenario())
    assert results == ["done", "queued"]
    assert retry_after >= 2
    assert pool.admitted == 0


def test_a_full_pool_answers_503_with_retry_after(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client(report_workers=1, report_queue=0)
    pool: WorkPool = client.app.state.report_pool  # type: ignore[attr-defined]
    pool._admit()  # a render in progress
    try:
        r = client.get("/api/v1/orgs/tiny/report.xlsx?as_of=2026-11-28", headers=R)
        assert r.status_code == 503
        assert r.headers["content-type"] == "application/problem+json"
        assert int(r.headers["retry-after"]) >= 1
        assert r.json()["type"] == "urn:gapcheck:problem:busy"
        also = client.get("/api/v1/orgs/tiny/analysis?format=xlsx&as_of=2026-11-28", headers=R)
        assert also.status_code == 503
    finally:
        pool._leave()
    ok = client.get("/api/v1/orgs/tiny/report.xlsx?as_of=2026-11-28", headers=R)
    assert ok.status_code in (200, 501)


def test_a_rendered_workbook_is_served_without_the_pool(make_client: MakeClient) -> None:
    if report._writer() is None:
        pytest.skip("no Excel report in this installation")
    client = make_client(report_workers=1, report_queue=0)
    url = "/api/v1/orgs/tiny/report.xlsx?as_of=2026-11-28"
    first = client.get(url, headers=R)
    assert first.status_code == 200
    pool: WorkPool = client.app.state.report_pool  # type: ignore[attr-defined]
    pool._admit()
    try:
        again = client.get(url, headers=R)
    finally:
        pool._leave()
    assert again.status_code == 200
    assert again.content == first.content
