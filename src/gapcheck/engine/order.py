"""Natural ordering of identifiers, so `nis2:21.2` sorts before `nis2:21.10`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["NaturalKey", "natural_key", "natural_sorted"]

_DIGITS = re.compile(r"(\d+)")

# A key is the id cut into (text, number) chunks, plus the id itself as a final tie-breaker
# (so `A.01` and `A.1` still order the same way every run). Every chunk position holds the
# same types in every key, so tuple comparison never compares a str with an int.
NaturalKey = tuple[tuple[tuple[str, int], ...], str]


# Ids are sorted many times per analysis (paths, gaps, explanations); the set of ids is small.
@lru_cache(maxsize=1 << 16)
def natural_key(identifier: str) -> NaturalKey:
    """Sort key that compares runs of digits as numbers: `A.5.9` < `A.5.10`, `21.2` < `21.2.a`."""
    parts = _DIGITS.split(identifier)
    # re.split with one capturing group alternates text, number, text, ... and ends on text.
    chunks = tuple(
        (parts[i], int(parts[i + 1]) if i + 1 < len(parts) else -1) for i in range(0, len(parts), 2)
    )
    return (chunks, identifier)


def natural_sorted(identifiers: Iterable[str]) -> list[str]:
    """The identifiers in natural order."""
    return sorted(identifiers, key=natural_key)
