"""Pages of safe accommodation (included at the root: the places under ``shelters/``, the stays under
the case they belong to, ``cases/<case_pk>/accommodation/``)."""

from tugi.shelters.views import placements, places

app_name = "shelters"

urlpatterns = [*places.urlpatterns, *placements.urlpatterns]
