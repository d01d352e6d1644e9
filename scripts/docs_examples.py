"""The documented examples, generated from real runs: `make docs` rewrites them, a test checks them.

A generated block in a Markdown file sits between two comments:

    <!-- docs-example: NAME -->
    ```console
    $ gapcheck …
    …
    ```
    <!-- /docs-example -->

Everything between the comments is this script's output for NAME (see EXAMPLES): the command
as a reader would type it and what that command prints, run in-process on the shipped catalogs
and the example organisation with a fixed date, 100 columns and no colour. Where a block is
abridged, it ends in a line "…" and its command is the whole command. `tests/test_docs.py`
fails when a block differs from what this script produces, so the docs cannot drift from the
code: after changing the output, run `make docs` and read the diff.

    python scripts/docs_examples.py          # rewrite every block
    python scripts/docs_examples.py --check  # exit 1 and name the stale blocks
"""

from __future__ import annotations

import functools
import json
import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FILES = ("README.md", "docs/api.md", "docs/json-result.md", "docs/versions.md")
BLOCK = re.compile(
    r"(?P<open><!-- docs-example: (?P<name>[a-z0-9-]+) -->\n)(?P<body>.*?)"
    r"(?P<close><!-- /docs-example -->)",
    re.S,
)
AS_OF = "2026-11-28"
ORG = "examples/aldreforvaltningen"
COLUMNS = 100
MORE = "…"


@dataclass(frozen=True)
class Example:
    """`shown` is the command as the docs print it; `make` produces the block's text."""

    shown: str
    make: Callable[[], str]
    lang: str = "console"


@functools.cache
def _cli(*args: str) -> str:
    """`gapcheck ARGS` in-process, as a terminal of COLUMNS columns without colour shows it."""
    from typer.testing import CliRunner

    from gapcheck.cli import app

    env = {"COLUMNS": str(COLUMNS), "NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "dumb"}
    result = CliRunner(env=env).invoke(app, list(args))
    if result.exit_code != 0:
        raise RuntimeError(f"gapcheck {' '.join(args)} failed:\n{result.output}")
    return "\n".join(line.rstrip() for line in result.stdout.splitlines())


def _between(text: str, first: str, last: str | None = None, more: bool = True) -> str:
    """The lines from the one starting with `first` up to (not including) the one starting
    with `last`; a "…" line after them when the output goes on."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = len(lines)
    if last is not None:
        end = next(i for i, line in enumerate(lines) if i > start and line.startswith(last))
    picked = lines[start:end]
    while picked and not picked[-1].strip():
        picked.pop()
    return "\n".join(picked + ([MORE] if more and end < len(lines) else []))


def _head(text: str, n: int) -> str:
    lines = text.splitlines()
    return "\n".join(lines[:n] + ([MORE] if len(lines) > n else []))


_api_client: Any = None


def _api(path: str) -> Any:
    """GET /api/v1/PATH on the example organisation with a read token, as parsed JSON."""
    global _api_client
    if _api_client is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # starlette's test client on httpx
            from fastapi.testclient import TestClient

        from gapcheck.api.app import create_app
        from gapcheck.api.config import Settings, TokenSpec
        from gapcheck.api.tokens import hash_token, new_token

        secret = new_token()
        spec = TokenSpec(hash=hash_token(secret), name="risk-register", orgs={"*"})
        settings = Settings(orgs_dirs=[ROOT / "examples"], tokens=[spec], audit_log="off")
        _api_client = TestClient(
            create_app(settings), headers={"Authorization": f"Bearer {secret}"}
        )
    return _api_client.get(f"/api/v1/{path}").json()


def _curl(path: str, jq: str = "") -> str:
    url = f"http://127.0.0.1:8000/api/v1/{path}"
    command = f'curl -s -H "Authorization: Bearer $TOKEN" "{url}"'
    return command + (f" \\\n    | jq '{jq}'" if jq else "")


EXAMPLES: dict[str, Example] = {
    "readme-sources": Example(
        f".venv/bin/gapcheck analyze {ORG} --as-of {AS_OF}",
        lambda: _between(_cli("analyze", ORG, "--as-of", AS_OF), "Täckning per källa", "–:"),
    ),
    "readme-top-gaps": Example(
        "",
        lambda: _between(_cli("analyze", ORG, "--as-of", AS_OF), "De 10 högst", "  88 "),
    ),
    "readme-explain": Example(
        f".venv/bin/gapcheck explain {ORG} nis2:23.4.a --as-of {AS_OF}",
        lambda: _head(_cli("explain", ORG, "nis2:23.4.a", "--as-of", AS_OF), 14),
    ),
    "readme-explain-rule": Example(
        f".venv/bin/gapcheck explain {ORG} csl:2.3.p10 --as-of {AS_OF}",
        lambda: _between(
            _cli("explain", ORG, "csl:2.3.p10", "--as-of", AS_OF), "Prognos:", None, more=False
        ),
    ),
    "readme-import": Example(
        ".venv/bin/gapcheck import-law csl ../shared/reference/sfs-2025-1506.txt \\\n"
        "    --version sfst-2026-11-28 --status consolidated --published 2026-11-28 \\\n"
        "    --url https://rkrattsbaser.gov.se/sfst?bet=2025:1506 --catalog mycatalog",
        lambda: _import(),
    ),
    "readme-import-diff": Example(
        ".venv/bin/gapcheck diff csl sfs-2025-1506 sfst-2026-11-28 --org "
        f"{ORG} --as-of {AS_OF} \\\n    --catalog mycatalog",
        lambda: _head(
            _mine(
                _imported_cli(
                    "diff",
                    "csl",
                    "sfs-2025-1506",
                    "sfst-2026-11-28",
                    "--org",
                    ORG,
                    "--as-of",
                    AS_OF,
                )
            ),
            12,
        ),
    ),
    "readme-import-review": Example(
        ".venv/bin/gapcheck review-mappings csl --version sfst-2026-11-28 --catalog mycatalog",
        lambda: _mine(_imported_cli("review-mappings", "csl", "--version", "sfst-2026-11-28")),
    ),
    "api-gaps": Example(
        _curl(
            f"orgs/aldreforvaltningen/gaps?category=overdue&as_of={AS_OF}&limit=3",
            "{total, limit, offset, items: [.items[] | {id, category, priority, coverage}]}",
        ),
        lambda: _gaps_page(),
    ),
    "api-diff": Example(
        _curl(
            "diff?source=csl&from=sfs-2025-1506&to=sfs-2025-1506&org=aldreforvaltningen"
            f"&as_of={AS_OF}",
            "{counts: .diff.counts, coverage: [.delta.from_coverage, .delta.to_coverage], "
            "gaps: [.delta.from_gaps, .delta.to_gaps]}",
        ),
        lambda: _json(
            _api(
                "diff?source=csl&from=sfs-2025-1506&to=sfs-2025-1506&org=aldreforvaltningen"
                f"&as_of={AS_OF}"
            ),
            lambda d: {
                "counts": d["diff"]["counts"],
                "coverage": [d["delta"]["from_coverage"], d["delta"]["to_coverage"]],
                "gaps": [d["delta"]["from_gaps"], d["delta"]["to_gaps"]],
            },
        ),
    ),
    "api-deadlines": Example(
        _curl(
            "orgs/aldreforvaltningen/deadlines?aware=2026-11-28T09:00",
            "[.deadlines[:3][] | {requirement, due, recipient: .authorities[0].id}]",
        ),
        lambda: _json(
            _api("orgs/aldreforvaltningen/deadlines?aware=2026-11-28T09:00"),
            lambda d: [
                {
                    "requirement": x["requirement"],
                    "due": x["due"],
                    "recipient": x["authorities"][0]["id"] if x["authorities"] else None,
                }
                for x in d["deadlines"][:3]
            ],
        ),
    ),
    "api-error": Example(
        _curl("requirements/csl:2.3.p99"),
        lambda: _json(_api("requirements/csl:2.3.p99")),
    ),
}


_MINE: list[Path] = []


@functools.cache
def _import() -> str:
    """The README's import walkthrough: the official text into a fresh catalog folder."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="gapcheck-docs-")) / "mycatalog"
    atexit.register(shutil.rmtree, folder.parent, True)
    _MINE.append(folder)
    text = ROOT.parent / "shared" / "reference" / "sfs-2025-1506.txt"
    return _mine(
        _cli(
            *("import-law", "csl", str(text), "--version", "sfst-2026-11-28"),
            *("--status", "consolidated", "--published", "2026-11-28"),
            *("--url", "https://rkrattsbaser.gov.se/sfst?bet=2025:1506", "--catalog", str(folder)),
        )
    )


def _imported_cli(*args: str) -> str:
    _import()
    return _cli(*args, "--catalog", str(_MINE[0]))


def _mine(text: str) -> str:
    """Temporary paths as the reader's folder `mycatalog`."""
    return text.replace(str(_MINE[0]), "mycatalog") if _MINE else text


def _json(value: Any, jq: Callable[[Any], Any] = lambda v: v) -> str:
    """`value` through the jq filter of the shown command (written out in Python), as jq prints."""
    return json.dumps(jq(value), indent=2, ensure_ascii=False)


def _gaps_page() -> str:
    page = _api(f"orgs/aldreforvaltningen/gaps?category=overdue&as_of={AS_OF}&limit=3")
    short = {k: page[k] for k in ("total", "limit", "offset")}
    short["items"] = [
        {k: item[k] for k in ("id", "category", "priority", "coverage")} for item in page["items"]
    ]
    return json.dumps(short, indent=2, ensure_ascii=False)


def block(name: str) -> str:
    """The text between the markers of example NAME."""
    example = EXAMPLES[name]
    command = f"$ {example.shown}\n" if example.shown else ""
    return f"```{example.lang}\n{command}{example.make()}\n```\n"


def regenerate(text: str, cache: dict[str, str]) -> str:
    def replace(m: re.Match[str]) -> str:
        name = m["name"]
        if name not in EXAMPLES:
            raise KeyError(f"unknown docs example {name!r}; known: {', '.join(sorted(EXAMPLES))}")
        if name not in cache:
            cache[name] = block(name)
        return m["open"] + cache[name] + m["close"]

    return BLOCK.sub(replace, text)


def stale() -> dict[Path, tuple[str, str]]:
    """{file: (text now, text as generated)} for every file whose blocks are out of date."""
    cache: dict[str, str] = {}
    out = {}
    for name in FILES:
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        new = regenerate(text, cache)
        if new != text:
            out[path] = (text, new)
    return out


def used_names() -> set[str]:
    return {m["name"] for name in FILES for m in BLOCK.finditer((ROOT / name).read_text("utf-8"))}


def main(argv: list[str]) -> int:
    changed = stale()
    if "--check" in argv:
        for path in changed:
            print(f"{path.relative_to(ROOT)}: examples out of date; run `make docs`")
        return 1 if changed else 0
    for path, (_, new) in changed.items():
        path.write_text(new, encoding="utf-8")
        print(f"rewrote the examples in {path.relative_to(ROOT)}")
    if not changed:
        print("every documented example is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
