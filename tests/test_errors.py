"""Problems carry a machine-readable code and render in Swedish and English from the one table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gapcheck.catalog.files import MeasuresFile, OrganisationFile
from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import read_yaml
from gapcheck.errors import MAX_SHOWN, InputError, Problem, ProblemCode
from gapcheck.i18n import MESSAGES

SRC = Path(__file__).parents[1] / "src" / "gapcheck"


def test_every_problem_code_has_its_text_and_every_problem_text_its_code() -> None:
    codes = {c.value for c in ProblemCode} - {"other"}
    texts = {k.removeprefix("problem.") for k in MESSAGES if k.startswith("problem.")}
    assert codes == texts


def test_every_fix_and_label_a_loader_names_is_in_the_table() -> None:
    named: set[str] = set()
    for path in (SRC / "catalog").glob("*.py"):
        named |= set(
            re.findall(r'"((?:fix|what|holds|kind|code|known)\.[a-z_]+)"', path.read_text())
        )
    for prefix, arg in (("what", "what"), ("holds", "holds")):
        # duplicates(..., "control") and unexpected_files(..., "org") build these keys.
        assert any(k.startswith(f"{prefix}.") for k in MESSAGES), arg
    assert named
    assert named <= set(MESSAGES), sorted(named - set(MESSAGES))


def test_no_code_in_the_loaders_reads_the_english_message_text() -> None:
    for path in (SRC / "catalog").glob("*.py"):
        text = path.read_text()
        assert ".message.startswith" not in text, path.name
        assert ".message.split" not in text, path.name
        assert ".message.rpartition" not in text, path.name


def _problems(tmp_path: Path, text: str, model: type = MeasuresFile) -> list[Problem]:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    doc, problems = read_yaml(path, "f.yaml")
    assert doc is not None, problems
    _, problems = validate_doc(doc, model)
    return problems


_MEASURE = (
    "measures:\n  - id: M-7\n    title: T\n    status: planned\n    controls: [{control: c:1}]\n"
)


@pytest.mark.parametrize(
    ("edit", "code", "english", "swedish"),
    [
        (
            ("status: planned", "status: klar"),
            ProblemCode.VALUE_NOT_ALLOWED,
            "status: 'klar' is not one of implemented,",
            "status: 'klar' är inget av de tillåtna värdena implemented,",
        ),
        (
            ("title: T", "title: T\n    due: 2026-13-01"),
            ProblemCode.VALUE_NOT_DATE,
            "due: '2026-13-01' is not a valid date",
            "due: '2026-13-01' är inget giltigt datum",
        ),
        (
            ("title: T", "title: T\n    plan_year: soon"),
            ProblemCode.VALUE_NOT_INT,
            "plan_year: 'soon' is not a whole number",
            "plan_year: 'soon' är inget heltal",
        ),
        (
            ("title: T", "title: T\n    plan_year: 1999"),
            ProblemCode.VALUE_TOO_SMALL,
            "plan_year: 1999 is too small (the limit is 2000)",
            "plan_year: 1999 är för litet (gränsen är 2000)",
        ),
        (
            ("title: T", "title: [T]"),
            ProblemCode.VALUE_NOT_TEXT,
            "title: […] is not text",
            "title: […] är ingen text",
        ),
        (
            ("title: T", "title: T\n    db_password: hunter2"),
            ProblemCode.FIELD_UNKNOWN,
            "db_password: unknown field",
            "db_password: okänt fält",
        ),
        (
            ("    title: T\n", ""),
            ProblemCode.FIELD_MISSING,
            "title: field missing",
            "title: fältet saknas",
        ),
        (
            ("controls: [{control: c:1}]", "controls: []"),
            ProblemCode.MEASURE_LINKS_NOTHING,
            "a measure must link at least one control",
            "åtgärden kopplar varken någon kontroll",
        ),
        (
            ("id: M-7", "id: M 7"),
            ProblemCode.VALUE_NOT_ID,
            "id: 'M 7' is not a valid id",
            "id: 'M 7' är ingen giltig id",
        ),
    ],
)
def test_a_wrong_value_names_the_entry_quotes_the_value_and_reads_in_swedish(
    tmp_path: Path, edit: tuple[str, str], code: ProblemCode, english: str, swedish: str
) -> None:
    [p] = _problems(tmp_path, _MEASURE.replace(*edit))
    assert p.code is code
    assert p.entry in ("M-7", "M 7")
    assert p.message.startswith(english)
    assert p.message_in("sv").startswith(swedish)
    assert p.render("sv").startswith(f"f.yaml:{p.line} [{p.entry}]: {swedish}")
    assert p.hint
    assert p.hint_in("sv") != p.hint


def test_an_unknown_keys_value_is_never_echoed(tmp_path: Path) -> None:
    secret = "AKIAIOSFODNN7EXAMPLE"
    text = _MEASURE.replace("title: T", f"title: T\n    aws_key: {secret}")
    [p] = _problems(tmp_path, text)
    assert secret not in p.render("en")
    assert secret not in p.render("sv")


def test_a_quoted_value_shows_control_characters_escaped_and_is_cut_short(tmp_path: Path) -> None:
    text = _MEASURE.replace("status: planned", 'status: "\\e]0;owned\\a' + "x" * 200 + '"')
    [p] = _problems(tmp_path, text)
    assert "\x1b" not in p.message
    assert "\x07" not in p.message
    assert "\\x1b]0;owned\\x07" in p.message
    assert len(p.message) < 300


def test_an_unmapped_check_keeps_pydantics_english_text(tmp_path: Path) -> None:
    text = "organisation:\n  id: x\n  name: X\n  entity_type: municipality\n"
    text += "  nis2_class: none\n  language: de\n"
    [p] = _problems(tmp_path, text, OrganisationFile)
    assert p.code is ProblemCode.VALUE_NOT_ALLOWED  # a Literal: mapped
    assert p.message == "language: 'de' is not one of sv, en"


def test_input_error_lists_the_first_problems_and_counts_the_rest() -> None:
    problems = [
        Problem.of(ProblemCode.FILE_MISSING, f"f{i:04}.yaml", None, None) for i in range(120)
    ]
    err = InputError(problems)
    lines = str(err).splitlines()
    assert lines[0] == "120 problems in the input:"
    assert len(lines) == 1 + MAX_SHOWN + 1
    assert lines[-1] == f"  … and {120 - MAX_SHOWN} more (fix the first ones and run again)"
    assert err.render("sv").splitlines()[0] == "120 fel i indata:"
    assert len(err.problems) == 120  # every problem is kept for callers (the API lists them)


def test_a_problem_made_the_old_way_is_english_only_and_still_renders() -> None:
    p = Problem("x.yaml", 3, "E-1", "something odd", "do this")
    assert p.code is ProblemCode.OTHER
    assert p.render("sv") == "x.yaml:3 [E-1]: something odd — do this"
