"""The API config is read with gapcheck's strict YAML reader, and a bad one is a clean error
(issue 14 item 11, issue 10 item 12)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.api.config import load_settings
from gapcheck.api.tokens import hash_token
from gapcheck.cli import app
from gapcheck.errors import InputError

TOKEN_LINE = f'tokens:\n  - {{hash: "{hash_token("t")}", orgs: [tiny]}}\n'


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("GAPCHECK_"):
            monkeypatch.delenv(name)
    for name in ("GAPCHECK_ORGS_DIRS", "GAPCHECK_CONFIG", "GAPCHECK_CATALOG_DIR"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


HOSTILE = {
    "latin-1": "catalog_dir: f\xf6rvaltning\n".encode("latin-1"),
    "int tag": b"cache_size: !!int abc\n",
    "float tag": b"check_interval: !!float abc\n",
    "bool tag": b"public_docs: !!bool maybe\n",
    "timestamp tag": b"audit_log: !!timestamp not-a-date\n",
    "python tag": b"audit_log: !!python/object/apply:os.system [echo hi]\n",
    "huge int": b"cache_size: " + b"9" * 5000 + b"\n",
    "duplicate key": b"cache_size: 3\ncache_size: 4\n",
    "not a mapping": b"- a\n- b\n",
    "syntax": b"tokens: [\n",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_bad_config_file_is_an_input_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    config = tmp_path / "api.yaml"
    config.write_bytes(HOSTILE[name])
    monkeypatch.setenv("GAPCHECK_CONFIG", str(config))
    with pytest.raises(InputError) as info:
        load_settings()
    assert str(config) in str(info.value)


@pytest.mark.parametrize("name", ["latin-1", "int tag", "bool tag", "huge int", "duplicate key"])
def test_serve_with_a_bad_config_exits_cleanly(tmp_path: Path, name: str) -> None:
    config = tmp_path / "api.yaml"
    config.write_bytes(HOSTILE[name])
    result = CliRunner().invoke(app, ["serve", "--config", str(config)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "api.yaml" in result.output


def test_yaml_11_booleans_stay_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "api.yaml"
    config.write_text(TOKEN_LINE + "audit_log: no\n", encoding="utf-8")
    monkeypatch.setenv("GAPCHECK_CONFIG", str(config))
    assert load_settings().audit_log == str(tmp_path / "no")  # a file named no, not False


def test_a_wrong_setting_in_the_file_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "api.yaml"
    config.write_text("cache_size: 3\n" + TOKEN_LINE + "report_workers: 0\n", encoding="utf-8")
    monkeypatch.setenv("GAPCHECK_CONFIG", str(config))
    with pytest.raises(InputError) as info:
        load_settings()
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.entry) == (str(config), 4, "report_workers")


def test_a_token_without_orgs_is_refused_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "api.yaml"
    config.write_text(f'tokens:\n  - {{hash: "{hash_token("t")}"}}\n', encoding="utf-8")
    monkeypatch.setenv("GAPCHECK_CONFIG", str(config))
    with pytest.raises(InputError) as info:
        load_settings()
    [problem] = info.value.problems
    assert problem.entry == "tokens.0.orgs"
    assert problem.line == 2
