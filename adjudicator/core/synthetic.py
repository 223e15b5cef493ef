"""Machinery the domains' seeded generators share: one random stream per record, and weighted choices that
may only name codes of a vocabulary (so a renamed or removed code breaks the generator at once, not the tests
that read its output)."""
from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from .vocabulary import Vocabulary

Record = TypeVar("Record")


def pick(rng: random.Random, weighted: tuple[tuple[Any, float], ...]) -> Any:
    """One value of (value, weight) pairs."""
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def pick_code(rng: random.Random, vocabulary: Vocabulary, weights: Mapping[str, float] | None = None) -> str:
    """One code of the vocabulary; `weights` (default: all equal) may only name its codes, and a code without
    a weight is never drawn."""
    if weights is None:
        return rng.choice(vocabulary.codes)
    unknown = [c for c in weights if c not in vocabulary]
    if unknown:
        raise ValueError(f"generator weights name {unknown[0]!r}, not a code of the {vocabulary.name} vocabulary")
    return pick(rng, tuple(weights.items()))


def checked_codes(vocabulary: Vocabulary, *codes: str) -> tuple[str, ...]:
    """The codes, each checked against the vocabulary."""
    unknown = [c for c in codes if c not in vocabulary]
    if unknown:
        raise ValueError(f"generator names {unknown[0]!r}, not a code of the {vocabulary.name} vocabulary")
    return codes


def seeded_stream(n: int, seed: int, make: Callable[[random.Random, int], Record]) -> Iterator[Record]:
    """`n` records; record i depends only on (seed, i), however many are drawn."""
    for i in range(n):
        yield make(random.Random(f"{seed}:{i}"), i)
