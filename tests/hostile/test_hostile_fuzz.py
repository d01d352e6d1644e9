"""Property: no YAML an organisation folder can hold makes the loader, the CLI or the API fail
with anything but a clean problem (issue 14 'Tests'). Hypothesis writes measures.yaml,
organisation.yaml or risks.yaml from a grammar of scalars (YAML 1.1 oddities, huge and
base-60 numbers, dates, escapes), tags, anchors and aliases, and flow and block structures."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gapcheck.api.app import create_app
from gapcheck.api.config import Settings
from gapcheck.catalog import collect_org
from gapcheck.cli import app
from gapcheck.model import Catalog
from tests.hostile.conftest import DATA
from tests.support.api_support import AS_OF, READ, TOKENS, TestClient, bearer

WORDS = [
    "planned", "implemented", "klar", "M-01", "iso27001:A.5.1", "nat:2.2", "NO", "yes", "on",
    "~", "null", "true", "False", "2026-12-31", "2026-02-30", "31/12/2026", "1:30:00.5",
    "1:1:1:1", "0x1F", "0o17", "017", ".inf", ".nan", "-.5", "1e9", "1_000", "=", "<<", "Åtgärd",
    "", "essential", "municipality", "AB", "full", "partial", "2026", "-1", "0", "999999",
]  # fmt: skip
TAGS = [
    "", "", "", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!timestamp ",
    "!!binary ", "!!python/object:os.system ", "!!python/name:os.system ", "!foo ", "!!set ",
    "!!omap ", "!!seq ", "!!map ", "!!merge ", "! ", "!<tag:yaml.org,2002:int> ",
]  # fmt: skip
KEYS = [
    "id", "title", "status", "due", "plan_year", "controls", "requirements", "evidence",
    "extent", "control", "requirement", "owner", "name", "county", "language", "likelihood",
    "concerns", "<<", "db_password", "1", "true", "~",
]  # fmt: skip

scalars = st.one_of(
    st.sampled_from(WORDS),
    st.integers(-(10**30), 10**30).map(str),
    st.integers(1, 6000).map(lambda n: "9" * n),
    st.lists(st.integers(0, 59), min_size=2, max_size=40).map(lambda xs: ":".join(map(str, xs))),
    st.text(max_size=12).map(lambda s: json.dumps(s)),
    st.sampled_from(['"\\e]0;x\\a"', '"\\x00"', '"\\u202e"', "'it''s'", "|\n  block", "*a"]),
)
leaf = st.tuples(st.sampled_from(TAGS), scalars).map("".join)
values = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=4).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
        ),
        st.tuples(st.sampled_from(["&a ", "!!seq ", "!!map ", "!!set "]), inner).map("".join),
    ),
    max_leaves=8,
)
entries = st.lists(st.tuples(st.sampled_from(KEYS), values), min_size=1, max_size=6).map(
    lambda kv: "".join(
        ("  - " if i == 0 else "    ") + f"{k}: {v}\n" for i, (k, v) in enumerate(kv)
    )
)
documents = st.one_of(
    st.tuples(st.just("measures.yaml"), st.lists(entries, max_size=3)).map(
        lambda fe: (fe[0], "measures:\n" + "".join(fe[1]))
    ),
    st.tuples(st.just("risks.yaml"), st.lists(entries, max_size=3)).map(
        lambda fe: (fe[0], "risks:\n" + "".join(fe[1]))
    ),
    st.tuples(st.just("organisation.yaml"), entries).map(
        lambda fe: (fe[0], "organisation:\n" + fe[1].replace("  - ", "    ", 1))
    ),
    st.tuples(st.just("measures.yaml"), values).map(lambda fv: (fv[0], f"measures: {fv[1]}\n")),
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, TestClient]]:
    orgs = tmp_path_factory.mktemp("fuzz") / "orgs"
    shutil.copytree(DATA / "org_tiny", orgs / "fuzz")
    settings = Settings(
        catalog_dir=DATA / "catalog_tiny", orgs_dirs=[orgs], tokens=TOKENS, check_interval=0
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield orgs / "fuzz", client


def _write(org: Path, name: str, text: str) -> None:
    """Replace one file (a new inode, as an editor saves), the others back to valid."""
    for original in (DATA / "org_tiny").iterdir():
        shutil.copy(original, org / original.name)
    tmp = org / f".{name}.tmp"
    tmp.write_text(text, encoding="utf-8", errors="surrogatepass")
    os.replace(tmp, org / name)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document=documents)
def test_no_yaml_makes_the_loader_cli_or_api_fail_uncleanly(
    world: tuple[Path, TestClient], tiny_catalog: Catalog, document: tuple[str, str]
) -> None:
    org, client = world
    name, text = document
    _write(org, name, text)
    _, problems = collect_org(org, tiny_catalog)
    assert all(p.file and p.message for p in problems)
    result = CliRunner().invoke(
        app, ["validate", str(org), "--catalog", str(DATA / "catalog_tiny"), "--lang", "en"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{text}"
    )
    assert result.exit_code in (0, 1), result.output
    assert (result.exit_code == 1) == any(p.is_error for p in problems)
    r = client.get(f"/api/v1/orgs/fuzz/analysis?as_of={AS_OF}", headers=bearer(READ))
    assert r.status_code in (200, 422), f"{r.status_code} {r.text}\n{text}"
    assert client.get("/api/v1/orgs", headers=bearer(READ)).status_code == 200
