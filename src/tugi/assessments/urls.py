"""Identification and assessments, under ``cases/`` (next to the case pages they belong to)."""

from tugi.assessments.views import case, plan, records, reference, screening

app_name = "assessments"

urlpatterns = [
    *reference.urlpatterns,
    *case.urlpatterns,
    *screening.urlpatterns,
    *records.urlpatterns,
    *plan.urlpatterns,
]
