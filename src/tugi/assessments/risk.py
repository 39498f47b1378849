"""The suggestion of a safety-risk level from the factors found. Only a suggestion: the counsellor
chooses the level, and the assessment keeps both.

Each factor weighs 4 (critical: any one of them alone suggests a high risk), 2 (serious) or 1. The
sum suggests: 4 or more → high; 2 or more → medium; less → low. So one critical factor or two serious
ones suggest high; one serious factor or two minor ones suggest medium.
"""

from __future__ import annotations

from collections.abc import Iterable

from tugi.assessments.models import RiskAssessmentLevel, RiskFactor

CRITICAL = 4
SERIOUS = 2
MINOR = 1

WEIGHTS: dict[str, int] = {
    RiskFactor.PERPETRATOR_KNOWS: CRITICAL,
    RiskFactor.THREATS_PERSON: CRITICAL,
    RiskFactor.THREATS_FAMILY: CRITICAL,
    RiskFactor.VIOLENCE: CRITICAL,
    RiskFactor.SELF_HARM: CRITICAL,
    RiskFactor.PERPETRATOR_CONTACT: SERIOUS,
    RiskFactor.DEBT_BONDAGE: SERIOUS,
    RiskFactor.DOCUMENTS_HELD: SERIOUS,
    RiskFactor.MINOR: SERIOUS,
    RiskFactor.NO_LEGAL_STATUS: SERIOUS,
    RiskFactor.NO_SAFE_PLACE: SERIOUS,
    RiskFactor.FAMILY_INVOLVED: SERIOUS,
    RiskFactor.WANTS_TO_RETURN: SERIOUS,
    RiskFactor.PREGNANCY: MINOR,
    RiskFactor.ADDICTION: MINOR,
    RiskFactor.HEALTH: MINOR,
    RiskFactor.NO_MEANS: MINOR,
    RiskFactor.ISOLATION: MINOR,
}

HIGH_FROM = 4
MEDIUM_FROM = 2


def suggest_level(factors: Iterable[str]) -> str:
    score = sum(WEIGHTS[f] for f in set(factors))
    if score >= HIGH_FROM:
        return RiskAssessmentLevel.HIGH
    if score >= MEDIUM_FROM:
        return RiskAssessmentLevel.MEDIUM
    return RiskAssessmentLevel.LOW


def critical_factors() -> list[str]:
    return [f for f, w in WEIGHTS.items() if w == CRITICAL]
