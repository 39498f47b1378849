"""Background work of cases: the daily warnings before service and reflection periods end."""

from __future__ import annotations

from procrastinate.contrib.django import app

from tugi.cases.services import period_warnings_send


# Every morning (06:00 UTC: 08:00 or 09:00 in Tallinn). The queueing lock keeps one run in the queue;
# the service itself is idempotent (it stores the end date it warned about), so a retry or a second
# worker sends nothing twice.
@app.periodic(cron="0 6 * * *", periodic_id="period_warnings")
@app.task(queue="cases", queueing_lock="cases_period_warnings", retry=3)
def period_warnings(timestamp: int) -> dict[str, int]:
    """``timestamp``: when procrastinate scheduled the run (unused: "today" is the local date now)."""
    return period_warnings_send()
