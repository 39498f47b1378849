"""Changes to cases (ENGINEERING rule 3), one module per area, all importable from here."""

from tugi.cases.services.case import (
    case_open,
    case_set_risk,
    next_reference,
    subject,
    timeline_system,
    touch,
)

__all__ = ["case_open", "case_set_risk", "next_reference", "subject", "timeline_system", "touch"]
