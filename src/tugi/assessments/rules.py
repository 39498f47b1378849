"""The combination rule of the ILO–EU operational indicators, as pure functions over data.

Step 1, per dimension: count the ticked strong, medium and weak indicators; the dimension is positive
when any ``DimensionRule`` holds (each rule: at least so many strong, medium and weak indicators,
counted separately). Seeded per the ILO document: 2 strong; 1 strong + 1 medium; 1 strong + 1 weak;
3 medium; 2 medium + 1 weak.

Step 2, overall: the person's ``CombinationGroup`` rows (adult or child); each group is positive when
any of its dimensions is; the overall result is positive when every group is. Seeded for adults per
the ILO document: (deceptive OR coercive OR abuse-of-vulnerability recruitment) AND exploitation AND
(coercion OR abuse of vulnerability at destination).

The result is a screening aid: it says whether the indicators of trafficking are present, never
whether the person is a victim in law.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tugi.assessments.models import CombinationGroup, Dimension, DimensionRule, Strength

Counts = tuple[int, int, int]  # strong, medium, weak


def dimension_positive(counts: Counts, rules: Iterable[Counts]) -> bool:
    strong, medium, weak = counts
    return any(strong >= s and medium >= m and weak >= w for s, m, w in rules)


@dataclass(frozen=True)
class GroupSpec:
    key: str
    dimensions: tuple[str, ...]
    names: dict[str, str]  # language → name


@dataclass(frozen=True)
class Evaluation:
    dimensions: dict[str, dict[str, Any]]
    groups: list[dict[str, Any]]
    rules: list[list[int]]
    likely: bool

    def as_json(self) -> dict[str, Any]:
        return {"dimensions": self.dimensions, "groups": self.groups, "rules": self.rules}


def evaluate(
    ticked: Iterable[tuple[str, str]],
    *,
    rules: Sequence[Counts],
    groups: Sequence[GroupSpec],
    offered: dict[str, int] | None = None,
) -> Evaluation:
    """``ticked``: (dimension, strength) of each ticked indicator; ``offered``: how many indicators
    each dimension had on the form (kept with the result)."""
    counts = {dim: {"strong": 0, "medium": 0, "weak": 0} for dim in Dimension.values}
    for dimension, strength in ticked:
        counts[dimension][strength] += 1
    dimensions: dict[str, dict[str, Any]] = {}
    for dim, c in counts.items():
        positive = dimension_positive((c[Strength.STRONG], c[Strength.MEDIUM], c[Strength.WEAK]), rules)
        dimensions[dim] = {**c, "offered": (offered or {}).get(dim, 0), "positive": positive}
    group_results = [
        {
            "key": g.key,
            "dimensions": list(g.dimensions),
            "names": g.names,
            "positive": any(dimensions[d]["positive"] for d in g.dimensions),
        }
        for g in groups
    ]
    likely = bool(group_results) and all(g["positive"] for g in group_results)
    return Evaluation(dimensions, group_results, [list(r) for r in rules], likely)


def current_rules() -> list[Counts]:
    return [r.counts for r in DimensionRule.objects.all()]


def current_groups(target: str) -> list[GroupSpec]:
    return [
        GroupSpec(g.key, tuple(g.dimensions), {"et": g.name_et, "en": g.name_en, "ru": g.name_ru})
        for g in CombinationGroup.objects.filter(target=target)
    ]
