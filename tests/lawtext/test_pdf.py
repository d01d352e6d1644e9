"""PDF input: a regulation printed over two pages, generated here (tests/support/pdf_builder.py),
with a running header, page numbers, a footnote, hyphenation at line ends and a paragraph
that continues on the next page — imported as if it were the plain text."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gapcheck import service
from gapcheck.errors import LawTextError
from gapcheck.lawtext import parse_law, pdf_text
from tests.support.pdf_builder import Line, make_pdf

DATA = Path(__file__).parents[1] / "data"
STEP = 14.0


def _page(number: int, body: list[str | tuple[float, float, str]]) -> list[Line]:
    lines: list[Line] = [(72, 800, 9, "MCFFS 2099:1"), (280, 40, 9, f"Sida {number} av 2")]
    y = 760.0
    for item in body:
        if item == "":
            y -= STEP  # an empty line: a paragraph break
            continue
        x, size, text = item if isinstance(item, tuple) else (72.0, 11.0, item)
        lines.append((x, y, size, text))
        y -= STEP
    return lines


PAGE_1 = [
    *_page(
        1,
        [
            "1 kap. Inledande bestämmelser",
            "",
            "1 § Dessa föreskrifter gäller för verksamhetsutövare enligt",
            "cybersäkerhetslagen (2025:1506).",
            "",
            "Säkerhetsåtgärder",
            "",
            "2 § Verksamhetsutövaren ska dokumentera sina säker-",
            "hetsåtgärder och skydda sina nätverks-",
            "och informationssystem. Dokumentationen ska omfatta",
            "1. en riskanalys,",
            "2. en plan för IKT-",
            "produkter, och",
            "3. en förteckning över tillgångar.",
        ],
    ),
    (421.0, 712.0 + 4, 7.0, "1"),  # a footnote number raised after "enligt"
    (72.0, 70.0, 8.0, "1 Se även cybersäkerhetsförordningen (2025:1507)."),
]
PAGE_2 = _page(
    2,
    [
        "Verksamhetsutövaren ska se över dokumentationen minst en gång per",
        "år.",
        "",
        "3 § Ledningen ska genomgå utbildning.",
    ],
)

EXPECTED = """\
1 kap. Inledande bestämmelser

1 § Dessa föreskrifter gäller för verksamhetsutövare enligt cybersäkerhetslagen (2025:1506).

Säkerhetsåtgärder

2 § Verksamhetsutövaren ska dokumentera sina säkerhetsåtgärder och skydda sina nätverks- och \
informationssystem. Dokumentationen ska omfatta

1. en riskanalys,

2. en plan för IKT-produkter, och

3. en förteckning över tillgångar.

Verksamhetsutövaren ska se över dokumentationen minst en gång per år.

3 § Ledningen ska genomgå utbildning.
"""


def test_pdf_text_drops_headers_footers_and_footnotes_and_undoes_hyphenation() -> None:
    assert pdf_text(make_pdf([PAGE_1, PAGE_2]), "mcffs.pdf") == EXPECTED


def test_the_pdf_parses_like_the_plain_text() -> None:
    from_pdf = parse_law(pdf_text(make_pdf([PAGE_1, PAGE_2]), "mcffs.pdf"), "mcffs.pdf")
    from_text = parse_law(EXPECTED, "mcffs.txt")
    assert [(p.id, p.text) for p in from_pdf.provisions] == [
        (p.id, p.text) for p in from_text.provisions
    ]
    ids = [p.id for p in from_pdf.provisions]
    assert ids == ["1", "1.1", "1.2", "1.2.p1", "1.2.p2", "1.2.p3", "1.2.st2", "1.3"]


def test_a_pdf_imports_as_a_new_regulation(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog_tiny", catalog)
    pdf = tmp_path / "mcffs-2099-1.pdf"
    pdf.write_bytes(make_pdf([PAGE_1, PAGE_2]))
    result = service.import_law(
        "mcffs-2099-1", pdf, "final", "final", dt.date(2099, 6, 1), catalog_root=catalog
    )
    assert result.written
    assert "PDF" in (result.loaded.version.notes or "")
    assert len(result.loaded.requirements) == 8


def test_a_pdf_without_text_is_refused() -> None:
    with pytest.raises(LawTextError, match="no text layer"):
        pdf_text(make_pdf([[]]), "scan.pdf")


def test_a_broken_pdf_is_refused() -> None:
    with pytest.raises(LawTextError, match="cannot read the PDF"):
        pdf_text(b"%PDF-1.4\nnot really a pdf", "broken.pdf")


def test_help_and_import_of_a_text_file_do_not_load_pypdf(tmp_path: Path) -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from gapcheck.cli import app; "
        "CliRunner().invoke(app, ['--help']); CliRunner().invoke(app, ['import-law', '--help']); "
        "print('pypdf' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
