"""An ETag always names the bytes its analysis came from (issue 14 item 1).

The server used to parse the files and then hash them in a second read: an edit landing
between the two cached the analysis of the old bytes under the fingerprint of the new ones,
and `reload` then saw no change and kept the wrong entry.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import gapcheck.api.state as api_state
import gapcheck.catalog._common as catalog_common
from gapcheck.api.app import create_app
from gapcheck.api.config import Settings
from tests.support.api_support import AS_OF, READ, TOKENS, WRITE, TestClient, bearer

R = bearer(READ)
URL = f"/api/v1/orgs/tiny/analysis?as_of={AS_OF}"


def _variants(orgs: Path) -> tuple[Path, str, str]:
    measures = orgs / "tiny" / "measures.yaml"
    a = measures.read_text(encoding="utf-8")
    b = a.replace("status: in_progress", "status: implemented", 1)
    assert a != b
    return measures, a, b


def _write(path: Path, text: str) -> None:
    """As an editor saves: a new file renamed over the old one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _app(catalog: Path, orgs: Path) -> Any:
    settings = Settings(catalog_dir=catalog, orgs_dirs=[orgs], tokens=TOKENS, check_interval=0)
    return create_app(settings)


def _answer(client: TestClient) -> tuple[str, str]:
    r = client.get(URL, headers=R)
    assert r.status_code == 200, r.text
    return r.headers["etag"], r.text


def _reference(catalog: Path, orgs: Path, measures: Path, text: str) -> tuple[str, str]:
    """(ETag, body) a fresh server gives for the files with `text` in measures.yaml."""
    _write(measures, text)
    with TestClient(_app(catalog, orgs)) as client:
        return _answer(client)


def test_an_edit_right_after_the_parse_never_pairs_old_analysis_with_new_etag(
    tiny_dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog, orgs = tiny_dirs
    measures, a, b = _variants(orgs)
    ref_a = _reference(catalog, orgs, measures, a)
    ref_b = _reference(catalog, orgs, measures, b)
    assert ref_a[0] != ref_b[0]
    assert ref_a[1] != ref_b[1]
    _write(measures, a)
    client = TestClient(_app(catalog, orgs))  # loads version a at start-up

    real_read = catalog_common.read_yaml  # type: ignore[attr-defined]
    armed = {"on": True}

    def read_then_edit(path: Path, display: str, *rest: Any, **options: Any) -> Any:
        found = real_read(path, display, *rest, **options)
        if armed["on"] and path.name == "measures.yaml":
            armed["on"] = False
            _write(measures, b)  # the user saves just after the server parsed the file
        return found

    monkeypatch.setattr(catalog_common, "read_yaml", read_then_edit)
    # The stat check (mtime, size, inode) is a second line of defence that can miss an edit
    # (same size within one timestamp tick, or within `check_interval`): take it away here.
    monkeypatch.setattr(api_state, "file_signature", lambda paths: ())
    reload = client.post("/api/v1/orgs/tiny/reload", headers=bearer(WRITE))
    assert reload.status_code == 200
    assert not armed["on"]  # the edit did land during the reload
    assert _answer(client) in (ref_a, ref_b)  # never version a's body under version b's ETag
    # The file on disk is now b: the next reload must see a change and serve b.
    again = client.post("/api/v1/orgs/tiny/reload", headers=bearer(WRITE))
    assert again.json()["changed"] is True
    assert _answer(client) == ref_b
    client.close()


def test_edits_during_server_loads_keep_every_etag_with_its_own_body(
    tiny_dirs: tuple[Path, Path],
) -> None:
    """Concurrency: a writer saves two versions in turn while readers ask for the analysis;
    every answer is exactly one version's (ETag, body) pair."""
    catalog, orgs = tiny_dirs
    measures, a, b = _variants(orgs)
    refs = {_reference(catalog, orgs, measures, text) for text in (a, b)}
    stop = threading.Event()
    seen: list[tuple[str, str]] = []
    wrong: list[tuple[str, str]] = []

    def writer() -> None:
        texts = (a, b)
        i = 0
        while not stop.is_set():
            _write(measures, texts[i % 2])
            i += 1
            time.sleep(0.001)

    with TestClient(_app(catalog, orgs)) as client:

        def reader() -> None:
            while not stop.is_set():
                r = client.get(URL, headers=R)
                if r.status_code != 200:
                    continue  # a half-saved file is a 422, never a wrong answer
                pair = (r.headers["etag"], r.text)
                seen.append(pair)
                if pair not in refs:
                    wrong.append(pair)

        threads = [threading.Thread(target=writer)] + [
            threading.Thread(target=reader) for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        time.sleep(2.0)
        stop.set()
        for thread in threads:
            thread.join()
    assert len(seen) > 20
    assert not wrong, f"{len(wrong)} of {len(seen)} answers paired an ETag with another body"
