"""Text comparison for version diffs: normalisation, similarity, word-level diffs.

Everything here is pure and deterministic. The thresholds are module constants so that the
documentation (docs/versions.md) and the tests name exactly one value each.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from gapcheck.model import Requirement

__all__ = [
    "CONTAINMENT_THRESHOLD",
    "EDITORIAL_MAX_WORDS",
    "EDITORIAL_MIN_RATIO",
    "RENUMBER_THRESHOLD",
    "SIGNIFICANT_WORDS",
    "STRUCTURAL_THRESHOLD",
    "Tokens",
    "comparable_text",
    "containment",
    "natural_key",
    "similarity",
    "tokenize",
    "word_ops",
]

# Two requirements with different ids are the same provision renumbered when the similarity
# (difflib ratio over normalised words) of their texts is at least this.
RENUMBER_THRESHOLD = 0.6
# A leftover child of two paired parents with the same last id segment (p3 ↔ p3) is paired
# when its similarity is at least this (short list points are often reworded).
STRUCTURAL_THRESHOLD = 0.25
# A text change is editorial when the normalised words are equal (only whitespace, punctuation
# or case changed), or when at most EDITORIAL_MAX_WORDS words changed, the similarity stays at
# least EDITORIAL_MIN_RATIO and no significant word (below) was touched.
EDITORIAL_MAX_WORDS = 3
EDITORIAL_MIN_RATIO = 0.9
# A requirement left over after one-to-one matching whose words lie at least this share inside
# another requirement's text is reported as split from (added) or merged into (removed) it.
CONTAINMENT_THRESHOLD = 0.8

# Words whose change always makes a change substantive: they flip duty, permission or negation.
# Any word containing a digit (deadlines, amounts) is significant as well, except a number
# that is a cross-reference: followed by "§", "§§" or "kap.", or following "artikel"/"article"
# (renumbering shifts every cross-reference; that alone is not a change of substance).
SIGNIFICANT_WORDS = frozenset(
    {
        # Swedish
        "ska",
        "skall",
        "får",
        "bör",
        "måste",
        "inte",
        "ej",
        "icke",
        "aldrig",
        "endast",
        "minst",
        "högst",
        "senast",
        # English
        "shall",
        "must",
        "may",
        "should",
        "not",
        "no",
        "never",
        "only",
        "least",
        "most",
        "within",
    }
)

_WORD = re.compile(r"\S+")
_DIGITS = re.compile(r"(\d+)")


_XREF_AFTER = frozenset({"§", "§§", "kap"})
_XREF_BEFORE = frozenset({"artikel", "artiklarna", "artikeln", "article", "articles", "art"})


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text cut into words: `shown` as written, `norm` for comparison, `xref` marking
    numbers that are cross-references (all three the same length)."""

    shown: tuple[str, ...]
    norm: tuple[str, ...]
    xref: tuple[bool, ...] = ()
    bag: Counter[str] = field(default_factory=Counter, compare=False, repr=False)

    def common(self, other: Tokens) -> int:
        """Words the two texts share, ignoring order (an upper bound of any matching)."""
        small, large = (
            (self.bag, other.bag)
            if len(self.bag) <= len(other.bag)
            else (
                other.bag,
                self.bag,
            )
        )
        return sum(min(n, large[w]) for w, n in small.items() if w in large)


def _normalise_word(word: str) -> str:
    # NFKC folds typographic variants (non-breaking spaces, ligatures); casefold ignores case;
    # punctuation and symbols are dropped, so "incidenthantering," equals "Incidenthantering".
    folded = unicodedata.normalize("NFKC", word).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


@lru_cache(maxsize=8192)
def tokenize(text: str) -> Tokens:
    """Words of `text`. A word that is only punctuation or symbols ("§", "–") is not compared:
    it is appended to the shown form of the word before it."""
    raw = [m.group(0) for m in _WORD.finditer(text)]
    shown: list[str] = []
    norm: list[str] = []
    xref: list[bool] = []
    for i, word in enumerate(raw):
        key = _normalise_word(word)
        if not key:
            # "§", "–", "(": not compared, but shown with the word before (so "4 §" stays).
            if shown:
                shown[-1] = f"{shown[-1]} {word}"
            continue
        after = raw[i + 1].casefold().rstrip(".,;:)") if i + 1 < len(raw) else ""
        before = _normalise_word(raw[i - 1]) if i > 0 else ""
        shown.append(word)
        norm.append(key)
        xref.append(bool(_DIGITS.search(key)) and (after in _XREF_AFTER or before in _XREF_BEFORE))
    return Tokens(tuple(shown), tuple(norm), tuple(xref), Counter(norm))


def _significant(tokens: Tokens, start: int, end: int) -> bool:
    for k in range(start, end):
        word = tokens.norm[k]
        if word in SIGNIFICANT_WORDS:
            return True
        if _DIGITS.search(word) and not (tokens.xref and tokens.xref[k]):
            return True
    return False


def comparable_text(req: Requirement, other: Requirement | None = None) -> str:
    """The text a requirement is compared by: its `text` in a language both sides have
    (Swedish first), else its title — parents are often headings with no text of their own."""

    def pick(r: Requirement, lang: str) -> str:
        for localized in (r.text, r.title):
            if localized is not None:
                value = localized.sv if lang == "sv" else localized.en
                if value:
                    return value
        return ""

    for lang in ("sv", "en"):
        mine = pick(req, lang)
        if mine and (other is None or pick(other, lang)):
            return mine
    return pick(req, "sv") or pick(req, "en")


def _matcher(a: tuple[str, ...], b: tuple[str, ...]) -> SequenceMatcher[str]:
    return SequenceMatcher(None, a, b, autojunk=False)


def similarity(a: Tokens, b: Tokens, floor: float = 0.0) -> float:
    """difflib ratio of the normalised words, in [0, 1]; 1.0 for two empty texts.

    With `floor`, the shared-word upper bound is tried first and 0.0 is returned when the
    ratio cannot reach it (this keeps matching many unpaired provisions fast).
    """
    if not a.norm and not b.norm:
        return 1.0
    if floor > 0.0 and 2.0 * a.common(b) / (len(a.norm) + len(b.norm)) < floor:
        return 0.0
    return _matcher(a.norm, b.norm).ratio()


def containment(part: Tokens, whole: Tokens, floor: float = 0.0) -> float:
    """Share of `part`'s words that appear, in order, inside `whole` (0 for an empty part).

    With `floor`, 0.0 is returned early when the shared words alone cannot reach it."""
    if not part.norm:
        return 0.0
    if floor > 0.0 and part.common(whole) / len(part.norm) < floor:
        return 0.0
    matched = sum(block.size for block in _matcher(part.norm, whole.norm).get_matching_blocks())
    return matched / len(part.norm)


OpTuple = tuple[str, str, str]


def word_ops(old: Tokens, new: Tokens) -> tuple[list[OpTuple], int, bool]:
    """Word-level diff: `(ops, changed_words, significant)`.

    `ops` are `(op, old_words, new_words)` with op `equal`, `insert`, `delete` or `replace`,
    words shown as written; `changed_words` counts, per non-equal op, the longer side;
    `significant` says whether a changed word is in SIGNIFICANT_WORDS or contains a digit.
    """
    ops: list[OpTuple] = []
    changed = 0
    significant = False
    for tag, i1, i2, j1, j2 in _matcher(old.norm, new.norm).get_opcodes():
        ops.append((tag, " ".join(old.shown[i1:i2]), " ".join(new.shown[j1:j2])))
        if tag != "equal":
            changed += max(i2 - i1, j2 - j1)
            if _significant(old, i1, i2) or _significant(new, j1, j2):
                significant = True
    return ops, changed, significant


NaturalKey = tuple[tuple[tuple[str, int], ...], str]


def natural_key(identifier: str) -> NaturalKey:
    """Sort key comparing digit runs as numbers: `csl:2.3.p2` < `csl:2.3.p10` < `csl:2.10`."""
    parts = _DIGITS.split(identifier)
    chunks = tuple(
        (parts[i], int(parts[i + 1]) if i + 1 < len(parts) else -1) for i in range(0, len(parts), 2)
    )
    return (chunks, identifier)
