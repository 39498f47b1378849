"""Permission matrix of the clients and cases pages (issue 3). Merged into ``matrix.MATRIX``.

Base records (``conftest.base_cases``): ``case_a`` / ``client_a`` of team A (the counsellor
responsible, the head above), ``case_b`` / ``client_b`` of team B (the outsider named). Who sees
what: the counsellor and head see case A; the outsider sees case B only; admin, DPO and volunteer
see no case. The DPO sees every client of the agency (data-subject requests).
"""

from __future__ import annotations

from typing import Any

from tugi.access.tests.matrix_kit import Case, NotRequested, Ref, only  # noqa: F401

CASE_A = {"pk": Ref("record", "case_a")}
CASE_B = {"pk": Ref("record", "case_b")}
CLIENT_A = {"pk": Ref("record", "client_a")}


def build(world: Any) -> dict[str, Any]:
    """Records this area's entries point at, beyond the base cases."""
    return {}


ENTRIES: dict[str, list[Case] | NotRequested] = {}
