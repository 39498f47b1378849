"""The demo data of psychological help: one granted decision on a demo trafficking case, once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from tugi.psychhelp import demo
from tugi.psychhelp.models import PsychHelpDecision, YearlyCap


def test_demo_grants_help_on_a_demo_trafficking_case_once(world: Any) -> None:
    # The personas are demo accounts, so case A (trafficking, opened by the counsellor) is a demo case.
    YearlyCap.objects.get_or_create(year=timezone.localdate().year, defaults={"amount": Decimal("886")})
    assert demo.load() == {"decisions_created": 1}
    decision = PsychHelpDecision.objects.get()
    assert decision.case == world.case_a and decision.outcome == "granted"
    assert decision.decided_by == world.org.counsellor
    assert demo.load() == {"decisions_created": 0}
    assert PsychHelpDecision.objects.count() == 1


def test_demo_does_nothing_without_a_demo_trafficking_case(db: Any) -> None:
    assert demo.load() == {"decisions_created": 0}
    assert not PsychHelpDecision.objects.exists()
