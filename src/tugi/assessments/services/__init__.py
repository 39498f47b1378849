"""Changes in identification and assessments (ENGINEERING rule 3). Each function writes its audit
event in the same transaction; the ones a reader of the case should see also add a timeline line."""

from tugi.assessments.services.plan import action_create, action_set_status, goal_create, goal_update
from tugi.assessments.services.records import needs_create, risk_create, screening_create
from tugi.assessments.services.reference import INDICATOR_EDITABLE, indicator_create, indicator_update

__all__ = [
    "INDICATOR_EDITABLE",
    "action_create",
    "action_set_status",
    "goal_create",
    "goal_update",
    "indicator_create",
    "indicator_update",
    "needs_create",
    "risk_create",
    "screening_create",
]
