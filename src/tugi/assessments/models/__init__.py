"""Identification and assessments: the ILO–EU indicator reference data and what is recorded per case."""

from tugi.assessments.models.records import (
    Action,
    ActionStatus,
    Goal,
    GoalStatus,
    NeedDomain,
    NeedItem,
    NeedLevel,
    NeedsAssessment,
    RiskAssessment,
    RiskAssessmentLevel,
    RiskFactor,
    Screening,
    ScreeningMark,
)
from tugi.assessments.models.reference import (
    CombinationGroup,
    Dimension,
    DimensionRule,
    Exploitation,
    Indicator,
    Strength,
    Target,
)

__all__ = [
    "Action",
    "ActionStatus",
    "CombinationGroup",
    "Dimension",
    "DimensionRule",
    "Exploitation",
    "Goal",
    "GoalStatus",
    "Indicator",
    "NeedDomain",
    "NeedItem",
    "NeedLevel",
    "NeedsAssessment",
    "RiskAssessment",
    "RiskAssessmentLevel",
    "RiskFactor",
    "Screening",
    "ScreeningMark",
    "Strength",
    "Target",
]
