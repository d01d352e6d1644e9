"""Settings from GAPCHECK_* variables and the YAML config file; `gapcheck serve` and `token`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gapcheck.api.config import load_settings
from gapcheck.api.tokens import hash_token
from gapcheck.cli import app
from gapcheck.errors import InputError

HASH = hash_token("t")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No GAPCHECK_* from the developer's shell; every test sets what it needs."""
    for name in list(os.environ):
        if name.startswith("GAPCHECK_"):
            monkeypatch.delenv(name)
    # Touched so monkeypatch restores them after `serve` writes them.
    for name in ("GAPCHECK_ORGS_DIRS", "GAPCHECK_CONFIG", "GAPCHECK_CATALOG_DIR"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


def test_defaults() -> None:
    s = load_settings()
    assert (s.orgs_dirs, s.tokens, s.catalog_dir) == ([], [], None)
    assert s.public_docs is True
    assert s.max_body_bytes == 65536


def test_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GAPCHECK_ORGS_DIRS", f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    monkeypatch.setenv(
        "GAPCHECK_TOKENS", json.dumps([{"hash": HASH, "scopes": ["write"], "orgs": ["*"]}])
    )
    monkeypatch.setenv("GAPCHECK_CACHE_SIZE", "7")
    monkeypatch.setenv("GAPCHECK_PUBLIC_DOCS", "false")
    s = load_settings()
    assert s.orgs_dirs == [tmp_path / "a", tmp_path / "b"]
    assert s.tokens[0].hash == HASH
    assert s.tokens[0].scopes == {"write"}
    assert (s.cache_size, s.public_docs) == (7, False)
    monkeypatch.setenv("GAPCHECK_ORGS_DIRS", json.dumps(["x y", "z"]))
    assert load_settings().orgs_dirs == [Path("x y"), Path("z")]


def test_config_file_paths_are_relative_to_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "etc" / "api.yaml"
    config.parent.mkdir()
    config.write_text(
        "orgs_dirs: [orgs, /abs/orgs]\n"
        "catalog_dir: catalog\n"
        "cache_size: 3\n"
        f'tokens:\n  - {{"hash": "{HASH}", "scopes": ["read"], "name": "dash", "orgs": [a]}}\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("GAPCHECK_CONFIG", str(config))
    monkeypatch.setenv("GAPCHECK_CACHE_SIZE", "9")  # the environment wins over the file
    s = load_settings()
    assert s.orgs_dirs == [config.parent / "orgs", Path("/abs/orgs")]
    assert s.catalog_dir == config.parent / "catalog"
    assert s.cache_size == 9
    assert s.tokens[0].name == "dash"
    assert load_settings(config=config, cache_size=4).cache_size == 4


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GAPCHECK_TOKENS": '[{"hash": "sha256:abc"}]'}, "tokens.0.hash"),
        (
            {"GAPCHECK_TOKENS": json.dumps([{"hash": HASH, "scopes": ["admin"], "orgs": ["a"]}])},
            "tokens.0",
        ),
        (
            {
                "GAPCHECK_TOKENS": json.dumps(
                    [{"hash": HASH, "orgs": ["a"]}, {"hash": HASH, "orgs": ["a"]}]
                )
            },
            "listed twice",
        ),
        ({"GAPCHECK_TOKENS": "not json"}, "tokens"),
        ({"GAPCHECK_CACHE_SIZE": "0"}, "cache_size"),
        ({"GAPCHECK_SURPRISE": "1"}, None),  # unknown variables are not ours to judge
        ({"GAPCHECK_CONFIG": "/no/such/file.yaml"}, "cannot read"),
    ],
)
def test_bad_settings_are_input_errors(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str | None
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if expected is None:
        load_settings()
        return
    with pytest.raises(InputError) as info:
        load_settings()
    assert expected in str(info.value)


@pytest.mark.parametrize("text", ["[1, 2]", "a: [", "unknown_setting: 1"])
def test_bad_config_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> None:
    config = tmp_path / "api.yaml"
    config.write_text(text)
    monkeypatch.setenv("GAPCHECK_CONFIG", str(config))
    with pytest.raises(InputError):
        load_settings()


def test_token_command_prints_a_token_and_its_hash_line() -> None:
    result = CliRunner().invoke(
        app, ["token", "--scope", "write", "--name", "dash board", "--org", "tiny"]
    )
    assert result.exit_code == 0, result.output
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    token = lines["token"].strip()
    spec = json.loads(lines["yaml"].strip().removeprefix("- "))
    assert spec == {
        "hash": hash_token(token),
        "scopes": ["write"],
        "name": "dash board",
        "orgs": ["tiny"],
    }
    bad = CliRunner().invoke(app, ["token", "--scope", "admin", "--org", "tiny"])
    assert bad.exit_code == 2


def test_serve_passes_settings_to_uvicorn(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: calls.append((a, k)))
    result = CliRunner().invoke(
        app, ["serve", "--orgs", str(tmp_path), "--port", "8123", "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    [(args, kwargs)] = calls
    assert args == ("gapcheck.api.app:create_app_from_env",)
    assert kwargs["factory"] is True
    assert (kwargs["host"], kwargs["port"], kwargs["workers"]) == ("127.0.0.1", 8123, 2)
    assert json.loads(os.environ["GAPCHECK_ORGS_DIRS"]) == [str(tmp_path.resolve())]
    assert "inga token är konfigurerade" in result.stderr  # Swedish by default, as every command
    english = CliRunner().invoke(app, ["serve", "--orgs", str(tmp_path), "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert "no tokens configured" in english.stderr


def test_token_command_speaks_swedish_by_default_and_english_with_lang_en() -> None:
    sv = CliRunner().invoke(app, ["token", "--org", "tiny"])
    en = CliRunner().invoke(app, ["token", "--org", "tiny", "--lang", "en"])
    assert (sv.exit_code, en.exit_code) == (0, 0)
    assert "den sparas ingenstans" in sv.stderr
    assert "it is not stored anywhere" in en.stderr
    bad = CliRunner().invoke(app, ["token", "--scope", "admin", "--org", "tiny", "--lang", "en"])
    assert bad.exit_code == 2
    assert "--scope" in bad.stderr


def test_serve_stops_on_bad_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPCHECK_TOKENS", "[{}]")
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_cli_help_does_not_import_fastapi() -> None:
    code = (
        "import sys\nfrom gapcheck.cli import app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['--help'])\nCliRunner().invoke(app, ['token'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'uvicorn', 'starlette', 'pydantic_settings')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_serve_end_to_end(tmp_path: Path) -> None:
    """`gapcheck serve` with a token answers the gaps, on loopback, and stops cleanly."""
    import shutil
    import socket
    import time

    import httpx

    data = Path(__file__).parents[1] / "data"
    shutil.copytree(data / "org_tiny", tmp_path / "orgs" / "tiny")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = "gck_end-to-end"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GAPCHECK_")},
        "GAPCHECK_TOKENS": json.dumps([{"hash": hash_token(token), "orgs": ["tiny"]}]),
        "GAPCHECK_AUDIT_LOG": str(tmp_path / "audit.jsonl"),
        "GAPCHECK_CATALOG_DIR": str(data / "catalog_tiny"),
    }
    gapcheck = Path(sys.executable).parent / "gapcheck"
    command = [str(gapcheck), "serve", "--port", str(port), "--orgs", str(tmp_path / "orgs")]
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        auth = {"Authorization": f"Bearer {token}"}
        r = httpx.get(f"{base}/orgs/tiny/gaps", headers=auth, timeout=30)
        assert r.status_code == 200
        assert r.json()["total"] > 0
        assert httpx.get(f"{base}/orgs/tiny/gaps", timeout=5).status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert token not in log.read_text()
