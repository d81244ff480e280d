"""Tell whether several articles report the same event, so unrelated ones are never merged silently."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .base import Article
from .tables import MONTHS, WEEKDAYS

__all__ = ["group_by_event", "key_names"]

_NAME = re.compile(r"\b[A-Z][\w’'-]{2,}(?:\s+[A-Z][\w’'-]{2,})*")
_COMMON = (
    frozenset(m.capitalize() for m in MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset({"The", "But", "And", "However", "President", "Minister", "Prime", "Foreign", "Reuters", "AFP"})
    | frozenset({"This", "That", "They", "There", "Their", "When", "While", "After", "Before", "Advertisement"})
)
_TOP = 12
_SHARED = 3
"""Articles about one event share at least this many of their most frequent names."""


def key_names(article: Article) -> list[str]:
    """Return the names an article uses most (places, parties, people), most frequent first."""
    counts: Counter[str] = Counter()
    for m in _NAME.finditer(article.text):
        # "Cuba's" and "Cuba" are one name.
        words = [w for w in re.sub(r"['’]s\b", "", m.group()).split() if w not in _COMMON]
        if words:
            counts[" ".join(words)] += 1
    return [name for name, _ in counts.most_common(_TOP)]


def group_by_event(articles: Sequence[Article]) -> list[list[Article]]:
    """Return the articles in groups that report the same event (in their given order).

    Two articles go together when their most frequent names overlap enough; a group is
    what those links join, so A–B and B–C put all three together.
    """
    names = [set(key_names(a)) for a in articles]
    group_of = list(range(len(articles)))

    def root(i: int) -> int:
        while group_of[i] != i:
            i = group_of[i]
        return i

    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            shared = len(names[i] & names[j])
            if shared >= min(_SHARED, len(names[i]), len(names[j])) and shared:
                group_of[root(j)] = root(i)
    groups: dict[int, list[Article]] = {}
    for i, article in enumerate(articles):
        groups.setdefault(root(i), []).append(article)
    return list(groups.values())
