"""What is wrong with an input: `Problem`, its closed `ProblemCode`, `Severity`, and `Msg`.

The exception tree lives in `gapcheck.errors`, which re-exports every name here (import them
from there). Kept apart because this is the part that knows the translation table: a `Problem`
(file, line, entry id, what is wrong, how to fix it) renders its text from `problem.<code>` and
`fix.<code>` in messages.toml, in English for `message`/`hint` and in any language with
`Problem.render(lang)`; `render_problems` lists many of them, counting the rest after
`MAX_SHOWN`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from gapcheck.i18n import MESSAGES, t
from gapcheck.lang import Lang

__all__ = ["MAX_SHOWN", "Msg", "Problem", "ProblemCode", "Severity", "render_problems"]

# How many problems a message lists before it only counts the rest: a file with 200,000 bad
# rows must not print 200,000 lines.
MAX_SHOWN = 50


class ProblemCode(StrEnum):
    """What kind of problem a `Problem` is. Each has `problem.<value>` in messages.toml."""

    # Reading the file
    NOT_FOUND = "not_found"
    NOT_A_FOLDER = "not_a_folder"
    FILE_MISSING = "file_missing"
    NOT_A_FILE = "not_a_file"
    BROKEN_LINK = "broken_link"
    LINK_OUTSIDE = "link_outside"
    NAME_TOO_LONG = "name_too_long"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too_large"
    NOT_UTF8 = "not_utf8"
    UNEXPECTED_FILE = "unexpected_file"
    NO_CATALOG = "no_catalog"
    # YAML syntax and structure
    YAML_SYNTAX = "yaml_syntax"
    YAML_TAG = "yaml_tag"
    YAML_ALIAS = "yaml_alias"
    YAML_DEPTH = "yaml_depth"
    YAML_DUPLICATE_KEY = "yaml_duplicate_key"
    YAML_TOO_MANY_ITEMS = "yaml_too_many_items"
    YAML_NUMBER = "yaml_number"
    TEXT_TOO_LONG = "text_too_long"
    NOT_A_MAPPING = "not_a_mapping"
    # A field's value (pydantic's checks, mapped to our words)
    FIELD_UNKNOWN = "field_unknown"
    FIELD_MISSING = "field_missing"
    VALUE_NOT_ALLOWED = "value_not_allowed"
    VALUE_NOT_DATE = "value_not_date"
    VALUE_NOT_ID = "value_not_id"
    VALUE_FORMAT = "value_format"
    VALUE_NOT_BOOL = "value_not_bool"
    VALUE_NOT_INT = "value_not_int"
    VALUE_NOT_NUMBER = "value_not_number"
    VALUE_NOT_TEXT = "value_not_text"
    VALUE_NOT_LIST = "value_not_list"
    VALUE_NOT_MAPPING = "value_not_mapping"
    VALUE_TOO_SHORT = "value_too_short"
    VALUE_TOO_LONG = "value_too_long"
    VALUE_TOO_SMALL = "value_too_small"
    VALUE_TOO_LARGE = "value_too_large"
    MEASURE_LINKS_NOTHING = "measure_links_nothing"
    PERIOD_ENDS_BEFORE_START = "period_ends_before_start"
    PERIODS_OUT_OF_ORDER = "periods_out_of_order"
    VALUE_INVALID = "value_invalid"  # any other check; the English text is kept as detail
    # References and consistency
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_REQUIREMENT = "unknown_requirement"
    UNKNOWN_CONTROL = "unknown_control"
    UNKNOWN_PARENT = "unknown_parent"
    UNKNOWN_REFERENCE = "unknown_reference"
    UNKNOWN_TARGET = "unknown_target"
    UNKNOWN_MECHANISM = "unknown_mechanism"
    UNKNOWN_AUTHORITY = "unknown_authority"
    UNKNOWN_VERSION = "unknown_version"
    UNKNOWN_SUPERSEDES = "unknown_supersedes"
    UNDEFINED_CODE = "undefined_code"
    REQUIREMENT_PREFIX = "requirement_prefix"
    SOURCE_OUTSIDE_FOLDER = "source_outside_folder"
    SOURCE_METADATA_DIFFERS = "source_metadata_differs"
    CYCLE_PARENTS = "cycle_parents"
    CYCLE_LINKS = "cycle_links"
    PERIOD_AFTER_OPEN = "period_after_open"
    PERIODS_OVERLAP = "periods_overlap"
    # Warnings: the input loads, but the analysis misses something or the API skips it
    COUNTY_MISSING = "county_missing"
    FOLDER_ID_MISMATCH = "folder_id_mismatch"
    FOLDER_NAME_SKIPPED = "folder_name_skipped"
    # A law text that `gapcheck import-law` cannot structure or read
    LAW_BAD_ID = "law_bad_id"
    LAW_NO_SECTION = "law_no_section"
    LAW_NO_ARTICLE = "law_no_article"
    LAW_CHAPTER_AFTER_SECTIONS = "law_chapter_after_sections"
    LAW_CHAPTER_ORDER = "law_chapter_order"
    LAW_SECTION_ORDER = "law_section_order"
    LAW_TEXT_OUTSIDE_SECTION = "law_text_outside_section"
    LAW_TEXT_OUTSIDE_ARTICLE = "law_text_outside_article"
    LAW_POINT_OUTSIDE_SECTION = "law_point_outside_section"
    LAW_POINT_OUTSIDE_ARTICLE = "law_point_outside_article"
    LAW_POINT_AFTER = "law_point_after"
    LAW_POINT_FIRST = "law_point_first"
    LAW_POINT_EXPECTED = "law_point_expected"
    LAW_DASH_OUTSIDE = "law_dash_outside"
    LAW_ROW_OUTSIDE = "law_row_outside"
    LAW_UNKNOWN_PARENT = "law_unknown_parent"
    LAW_DUPLICATE_IDS = "law_duplicate_ids"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_UNREADABLE = "pdf_unreadable"
    PDF_NO_TEXT = "pdf_no_text"
    REPAIRS_UNREADABLE = "repairs_unreadable"
    REPAIR_INCOMPLETE = "repair_incomplete"
    REPAIR_UNKNOWN_KIND = "repair_unknown_kind"
    # A workbook read by `gapcheck import-measures` (its text names sheet, row and column)
    WORKBOOK = "workbook"
    # Problems made by other modules with English text only (no translation yet)
    OTHER = "other"


class Severity(StrEnum):
    """An error stops the load; a warning is shown by validate but does not fail it."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Msg:
    """A translatable text: a key of messages.toml and its fields (which may be texts too)."""

    key: str
    params: tuple[tuple[str, str | int | Msg], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: str | int | Msg) -> Msg:
        return cls(key, tuple(sorted(params.items())))

    def render(self, lang: Lang) -> str:
        fields = {k: v.render(lang) if isinstance(v, Msg) else v for k, v in self.params}
        return t(self.key, lang, **fields)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one input file.

    `message` and `hint` are the English text; `text`/`fix` render it in any language. Make
    one with `Problem.of(code, …)`; the positional form (English only, code OTHER) stays for
    problems no translation covers yet.
    """

    file: str
    line: int | None
    entry: str | None
    message: str
    hint: str = ""
    code: ProblemCode = ProblemCode.OTHER
    text: Msg | None = None
    fix: Msg | None = None
    severity: Severity = Severity.ERROR
    # The field the problem is about, as a dotted path from the file's top (pydantic's loc).
    field: str | None = None

    @classmethod
    def of(
        cls,
        code: ProblemCode,
        file: str,
        line: int | None,
        entry: str | None,
        fix: Msg | str | None = None,
        /,
        *,
        severity: Severity = Severity.ERROR,
        loc: str | None = None,
        **params: str | int | Msg,
    ) -> Problem:
        """A problem whose text is `problem.<code>` with `params`; its fix is `fix` (a key
        of messages.toml, or a text) or else `fix.<code>` when the table has one; `loc` is the
        field's dotted path from the file's top."""
        return cls.make(code, file, line, entry, fix, params, severity=severity, loc=loc)

    @classmethod
    def make(
        cls,
        code: ProblemCode,
        file: str,
        line: int | None,
        entry: str | None,
        fix: Msg | str | None,
        params: Mapping[str, str | int | Msg],
        *,
        severity: Severity = Severity.ERROR,
        loc: str | None = None,
    ) -> Problem:
        """`Problem.of` with the fields as one mapping."""
        text = Msg.of(f"problem.{code.value}", **params)
        if isinstance(fix, str):
            fix = Msg.of(fix, **params)
        elif fix is None and f"fix.{code.value}" in MESSAGES:
            fix = Msg.of(f"fix.{code.value}", **params)
        return cls(
            file,
            line,
            entry,
            text.render("en"),
            fix.render("en") if fix is not None else "",
            code,
            text,
            fix,
            severity,
            loc,
        )

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message_in(self, lang: Lang) -> str:
        return self.text.render(lang) if self.text is not None else self.message

    def hint_in(self, lang: Lang) -> str:
        return self.fix.render(lang) if self.fix is not None else self.hint

    def render(self, lang: Lang) -> str:
        """`file:line [entry]: message — hint` in `lang`."""
        where = self.file + (f":{self.line}" if self.line else "")
        entry = f" [{self.entry}]" if self.entry else ""
        hint = self.hint_in(lang)
        return f"{where}{entry}: {self.message_in(lang)}" + (f" — {hint}" if hint else "")

    def __str__(self) -> str:
        return self.render("en")


def render_problems(problems: list[Problem], lang: Lang, limit: int = MAX_SHOWN) -> list[str]:
    """The first `limit` problems as lines, and one line counting the rest."""
    lines = [p.render(lang) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(t("problems.more", lang, n=len(problems) - limit))
    return lines
