"""Permission matrix of the case list, its search and its exports (issue 3). Merged into ``matrix.MATRIX``.

The list is open to everyone logged in and shows only what ``visible_cases`` gives them (for the
admin, the DPO and the volunteer of the base world: nothing). Exports are for staff: volunteers get
403. That no row of another team's case reaches a list, a search or an export is proved in
``cases/tests/test_list.py``, ``test_search.py`` and ``test_export.py``.
"""

from __future__ import annotations

from tugi.access.tests.matrix_kit import Case, NotRequested, only

EVERYONE = only(200)
STAFF = only(200, volunteer=403)

ENTRIES: dict[str, list[Case] | NotRequested] = {
    "cases:list": [Case("GET", EVERYONE, label="the visible cases")],
    "cases:export_csv": [Case("GET", STAFF, label="CSV of the visible cases")],
    "cases:export_xlsx": [Case("GET", STAFF, label="XLSX of the visible cases")],
}
