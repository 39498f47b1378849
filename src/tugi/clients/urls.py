"""The client pages: each view module brings its own patterns."""

from tugi.clients.views import client, consents, links, parts

app_name = "clients"

urlpatterns = [
    *client.urlpatterns,
    *parts.urlpatterns,
    *consents.urlpatterns,
    *links.urlpatterns,
]
