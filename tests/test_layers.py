"""The layers depend one way only: model ← catalog ← engine ← service ← cli / api / report.

Checked on the source text (imports, including those inside functions), so a shortcut through
a lazy import is caught too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "gapcheck"

# package → the gapcheck packages/modules it may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "model": {"lang"},
    "versions": {"model", "lang", "errors"},
    "catalog": {"model", "lang", "errors", "gcpause"},
    "engine": {"model", "lang", "errors", "versions", "gcpause"},
    "lawtext": {"model", "lang", "errors", "versions"},
    "store": {"model", "lang", "errors"},
    "service": {
        "model",
        "lang",
        "errors",
        "catalog",
        "engine",
        "versions",
        "atomic",
        "cachedir",
        "gcpause",
        "lawtext",
        "store",
    },
    "report": {
        "model",
        "lang",
        "errors",
        "catalog",
        "engine",
        "versions",
        "atomic",
        "i18n",
        "service",
    },
    "api": {
        "model",
        "lang",
        "errors",
        "catalog",
        "engine",
        "versions",
        "service",
        "i18n",
        "report",
    },
    "cli": {"model", "lang", "errors", "service", "i18n", "report", "api", "engine", "versions"},
}


def _gapcheck_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "gapcheck" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_the_layers_below_it(package: str) -> None:
    wrong = {}
    for path in sorted((SRC / package).rglob("*.py")):
        extra = _gapcheck_imports(path) - ALLOWED[package] - {package, "__version__"}
        if extra:
            wrong[str(path.relative_to(SRC))] = sorted(extra)
    assert not wrong, f"layer violations: {wrong}"
