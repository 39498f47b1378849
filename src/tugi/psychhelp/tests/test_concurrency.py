"""Two decisions for one person at the same moment cannot both pass the yearly cap.

Two threads, each with its own database connection and transaction, on committed data: the first
makes a decision and holds its transaction open; the second one's cap check must wait for the
first to commit and then see its amount. Without the lock on the person's client rows the second
would read the sum before the first commits, and both would pass (500 + 500 > 820).
"""

from __future__ import annotations

import threading
import time
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from tugi.core.tests.personas import build_org
from tugi.psychhelp.models import PsychHelpDecision, YearlyCap

HOLD_SECONDS = 1.0


def _values(amount: str) -> dict[str, Any]:
    return {
        "need_assessment": "Assessed.",
        "decided_on": date(2024, 2, 1),
        "outcome": "granted",
        "help_form": "individual",
        "provider_name": "Provider",
        "provider_email": "p@provider.example",
        "amount": Decimal(amount),
        "valid_from": date(2024, 3, 1),
        "valid_until": date(2024, 4, 1),
        "reasons": "Reasons.",
    }


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_cannot_both_pass_the_cap() -> None:
    from tugi.access.tests.conftest import base_cases
    from tugi.psychhelp.services import decision_make

    _seed_reference_data()
    org = build_org()
    case = base_cases(org)["case_a"]
    first_saved = threading.Event()
    results: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                decision_make(actor=org.counsellor, case=case, values=_values("500"))
                first_saved.set()
                time.sleep(HOLD_SECONDS)  # the transaction, and its lock, stay open
            results["first"] = "saved"
        except Exception as exc:  # reported by the assertions below
            results["first"] = exc
            first_saved.set()
        finally:
            connection.close()

    def second() -> None:
        first_saved.wait(10)
        started = time.monotonic()
        try:
            decision_make(actor=org.head, case=case, values=_values("500"))
            results["second"] = "saved"
        except ValidationError as exc:
            results["second"] = exc
        finally:
            results["waited"] = time.monotonic() - started
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results["first"] == "saved"
    assert isinstance(results["second"], ValidationError), results["second"]
    assert "amount" in results["second"].message_dict
    assert results["waited"] >= HOLD_SECONDS * 0.8  # it queued on the lock instead of reading past it
    assert list(PsychHelpDecision.objects.values_list("amount", flat=True)) == [Decimal("500.00")]


def _seed_reference_data() -> None:
    """A transactional test runs after pytest-django's flush of earlier ones may have emptied the
    seeded reference tables: put back what this test needs."""
    from tugi.cases.models import CaseType

    for code, prefix, service, trafficking in (
        ("trafficking", "IK", "trafficking", True),
        ("victim_support", "OA", "victim_support", False),
    ):
        CaseType.objects.get_or_create(
            code=code,
            defaults={
                "prefix": prefix,
                "name_et": code,
                "name_en": code,
                "name_ru": code,
                "service": service,
                "trafficking": trafficking,
            },
        )
    YearlyCap.objects.get_or_create(year=2024, defaults={"amount": Decimal("820.00")})
