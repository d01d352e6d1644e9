"""The parsed translation table kept in the cache folder: the same table as messages.toml,
and ignored when stale, damaged or exposed to other users."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from gapcheck import i18n
from gapcheck.cachedir import CACHE_ENV


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def _from_toml() -> dict[str, dict[str, str]]:
    raw = tomllib.loads(Path(i18n.__file__).with_name("messages.toml").read_text("utf-8"))
    return {k: {"sv": v["sv"], "en": v["en"]} for k, v in raw.items()}


def test_the_kept_table_is_the_toml_table(cache: Path) -> None:
    assert i18n._load() == _from_toml()  # parsed, then kept
    kept = cache / "messages.json"
    assert kept.is_file()
    assert i18n._load() == _from_toml() == i18n.MESSAGES  # read back


def _planted(cache: Path, mutate: object) -> dict[str, object]:
    i18n._load()
    kept = cache / "messages.json"
    value = json.loads(kept.read_text("utf-8"))
    value["messages"]["cli.valid"] = {"sv": "PLANTED", "en": "PLANTED"}
    if callable(mutate):
        mutate(value, kept)
    else:
        kept.write_text(json.dumps(value), "utf-8")
    return value


def test_a_private_kept_table_for_these_bytes_is_what_is_read(cache: Path) -> None:
    # The premise of the tests below: the kept table, not the TOML, is what is read.
    _planted(cache, None)
    assert i18n._load()["cli.valid"] == {"sv": "PLANTED", "en": "PLANTED"}


def test_a_table_kept_for_other_toml_bytes_is_not_used(cache: Path) -> None:
    def other_key(value: dict[str, object], kept: Path) -> None:
        value["key"] = "0" * 64
        kept.write_text(json.dumps(value), "utf-8")

    _planted(cache, other_key)
    assert i18n._load()["cli.valid"] == _from_toml()["cli.valid"]


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"key": 1}'])
def test_a_damaged_kept_table_means_parsing_the_toml(cache: Path, content: str) -> None:
    i18n._load()
    (cache / "messages.json").write_text(content, "utf-8")
    assert i18n._load() == _from_toml()


def test_a_kept_table_others_could_write_is_not_used(cache: Path) -> None:
    def exposed(value: dict[str, object], kept: Path) -> None:
        kept.write_text(json.dumps(value), "utf-8")
        kept.chmod(0o666)

    _planted(cache, exposed)
    assert i18n._load()["cli.valid"] == _from_toml()["cli.valid"]


def test_without_a_cache_the_toml_is_parsed_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert i18n._load() == _from_toml()
    assert list(tmp_path.iterdir()) == []
