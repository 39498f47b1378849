"""The combination rule of the ILO–EU indicators and the risk-level suggestion, over many
combinations, against oracles written straight from the rule's wording; and the seeded reference data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tugi.assessments import risk, rules
from tugi.assessments.models import (
    CombinationGroup,
    Dimension,
    DimensionRule,
    Exploitation,
    Indicator,
    RiskFactor,
    Strength,
    Target,
)

# The rule as the ILO document words it (seeded as data, five rows).
SEEDED_RULES = [(2, 0, 0), (1, 1, 0), (1, 0, 1), (0, 3, 0), (0, 2, 1)]
ADULT_GROUPS = [
    rules.GroupSpec("recruitment", (Dimension.DECEPTIVE, Dimension.COERCIVE, Dimension.VULNERABILITY), {}),
    rules.GroupSpec("exploitation", (Dimension.EXPLOITATION,), {}),
    rules.GroupSpec("destination", (Dimension.COERCION_DESTINATION, Dimension.VULNERABILITY_DESTINATION), {}),
]


def ilo_says_positive(strong: int, medium: int, weak: int) -> bool:
    """'2 strong, or 1 strong + 1 medium or weak, or 3 medium, or 2 medium + 1 weak.'"""
    return strong >= 2 or (strong >= 1 and medium + weak >= 1) or medium >= 3 or (medium >= 2 and weak >= 1)


counts = st.integers(min_value=0, max_value=6)


@given(counts, counts, counts)
def test_dimension_rule_matches_the_ilo_wording(strong: int, medium: int, weak: int) -> None:
    assert rules.dimension_positive((strong, medium, weak), SEEDED_RULES) == ilo_says_positive(strong, medium, weak)


@given(counts, counts, counts, st.sampled_from(["strong", "medium", "weak"]))
def test_one_more_indicator_never_turns_a_dimension_negative(strong: int, medium: int, weak: int, extra: str) -> None:
    before = rules.dimension_positive((strong, medium, weak), SEEDED_RULES)
    more = (strong + (extra == "strong"), medium + (extra == "medium"), weak + (extra == "weak"))
    assert rules.dimension_positive(more, SEEDED_RULES) >= before


@pytest.mark.parametrize(
    ("strong", "medium", "weak", "positive"),
    [
        (0, 0, 0, False),
        (1, 0, 0, False),  # one strong alone is not enough
        (0, 2, 0, False),
        (0, 1, 2, False),
        (0, 0, 5, False),  # weak indicators alone never are
        (2, 0, 0, True),
        (1, 1, 0, True),
        (1, 0, 1, True),
        (0, 3, 0, True),
        (0, 2, 1, True),
    ],
)
def test_dimension_rule_examples(strong: int, medium: int, weak: int, positive: bool) -> None:
    assert rules.dimension_positive((strong, medium, weak), SEEDED_RULES) is positive


dimension_marks = st.lists(st.tuples(st.sampled_from(Dimension.values), st.sampled_from(Strength.values)), max_size=25)


@given(dimension_marks)
def test_overall_result_is_recruitment_and_exploitation_and_destination(marks: list[tuple[str, str]]) -> None:
    result = rules.evaluate(marks, rules=SEEDED_RULES, groups=ADULT_GROUPS)

    def positive(dim: str) -> bool:
        tally = [sum(1 for d, s in marks if d == dim and s == strength) for strength in Strength.values]
        return ilo_says_positive(*tally)

    for dim in Dimension.values:
        assert result.dimensions[dim]["positive"] == positive(dim)
    expected = (
        (positive(Dimension.DECEPTIVE) or positive(Dimension.COERCIVE) or positive(Dimension.VULNERABILITY))
        and positive(Dimension.EXPLOITATION)
        and (positive(Dimension.COERCION_DESTINATION) or positive(Dimension.VULNERABILITY_DESTINATION))
    )
    assert result.likely == expected
    assert [g["positive"] for g in result.groups] == [any(positive(d) for d in g.dimensions) for g in ADULT_GROUPS]


def test_no_groups_never_shows_trafficking() -> None:
    marks = [(d, "strong") for d in Dimension.values for _ in range(2)]
    assert rules.evaluate(marks, rules=SEEDED_RULES, groups=[]).likely is False


# --- seeded data ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seeded_rule_is_the_ilo_rule() -> None:
    assert sorted(rules.current_rules()) == sorted(SEEDED_RULES)
    adult = rules.current_groups(Target.ADULT)
    assert [(g.key, g.dimensions) for g in adult] == [(g.key, g.dimensions) for g in ADULT_GROUPS]
    assert all(g.names["et"] and g.names["en"] and g.names["ru"] for g in adult)
    child = rules.current_groups(Target.CHILD)
    assert [g.key for g in child] == ["recruitment", "exploitation"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target", "exploitation", "per_dimension"),
    [
        # deceptive, coercive, vulnerability, exploitation, coercion at dest., vulnerability at dest.
        (Target.ADULT, Exploitation.LABOUR, [10, 10, 16, 9, 15, 7]),
        (Target.ADULT, Exploitation.SEXUAL, [10, 10, 16, 9, 15, 7]),
        (Target.CHILD, Exploitation.LABOUR, [10, 10, 15, 8, 15, 7]),
        (Target.CHILD, Exploitation.SEXUAL, [10, 10, 15, 8, 15, 7]),
    ],
)
def test_the_four_seeded_sets(target: str, exploitation: str, per_dimension: list[int]) -> None:
    rows = Indicator.objects.filter(target=target, exploitation=exploitation)
    assert [rows.filter(dimension=d).count() for d in Dimension.values] == per_dimension
    assert all(i.text_et and i.text_en and i.text_ru and i.active for i in rows)
    assert rows.filter(dimension=Dimension.DECEPTIVE, strength=Strength.STRONG).first().text_en == (
        "Deceived about the nature of the job, location or employer"
    )
    if target == Target.CHILD:
        assert not rows.filter(strength=Strength.WEAK).exists()  # the children's lists have no weak tier


@pytest.mark.django_db
def test_adult_labour_strengths_follow_the_ilo_list() -> None:
    rows = Indicator.objects.filter(target=Target.ADULT, exploitation=Exploitation.LABOUR)
    strong = {(i.dimension, i.text_en) for i in rows.filter(strength=Strength.STRONG)}
    assert strong == {
        (Dimension.DECEPTIVE, "Deceived about the nature of the job, location or employer"),
        (Dimension.COERCIVE, "Violence on victims"),
        (Dimension.EXPLOITATION, "Excessive working days or hours"),
        (Dimension.COERCION_DESTINATION, "Confiscation of documents"),
        (Dimension.COERCION_DESTINATION, "Debt bondage"),
        (Dimension.COERCION_DESTINATION, "Isolation, confinement or surveillance"),
        (Dimension.COERCION_DESTINATION, "Violence on victims"),
    }
    assert DimensionRule.objects.count() == 5
    assert CombinationGroup.objects.filter(target=Target.ADULT).count() == 3


# --- the risk-level suggestion ------------------------------------------------------------------


def suggestion_by_hand(factors: set[str]) -> str:
    critical = [f for f in factors if risk.WEIGHTS[f] == risk.CRITICAL]
    serious = [f for f in factors if risk.WEIGHTS[f] == risk.SERIOUS]
    minor = [f for f in factors if risk.WEIGHTS[f] == risk.MINOR]
    if critical or len(serious) >= 2 or (serious and len(minor) >= 2) or len(minor) >= 4:
        return "high"
    if serious or len(minor) >= 2:
        return "medium"
    return "low"


@given(st.sets(st.sampled_from(RiskFactor.values)))
def test_risk_suggestion(factors: set[str]) -> None:
    assert risk.suggest_level(factors) == suggestion_by_hand(factors)


def test_every_factor_has_a_weight() -> None:
    assert set(risk.WEIGHTS) == set(RiskFactor.values)
    assert risk.suggest_level([]) == "low"
    assert risk.suggest_level([RiskFactor.THREATS_FAMILY]) == "high"
    assert risk.suggest_level([RiskFactor.MINOR]) == "medium"
    assert risk.suggest_level([RiskFactor.PREGNANCY]) == "low"
