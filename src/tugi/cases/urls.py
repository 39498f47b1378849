"""The pages of cases: each view module brings its own patterns (so the areas do not share a file)."""

from tugi.cases.views import case, intake, legal, lists, tasks, timeline

app_name = "cases"

urlpatterns = [
    *lists.urlpatterns,
    *intake.urlpatterns,
    *case.urlpatterns,
    *timeline.urlpatterns,
    *tasks.urlpatterns,
    *legal.urlpatterns,
]
