from django.urls import path

from tugi.psychhelp.views import caps, decisions, notices

app_name = "psychhelp"

CASE = "cases/<int:case_pk>/psychological-help/"

urlpatterns = [
    path(CASE, decisions.case_tab, name="case"),
    path(f"{CASE}new/", decisions.new, name="new"),
    path(f"{CASE}<int:pk>/", decisions.detail, name="detail"),
    path(f"{CASE}<int:pk>/edit/", decisions.edit, name="edit"),
    path(f"{CASE}<int:pk>/notify/", decisions.notify, name="notify"),
    path(f"{CASE}<int:pk>/decision.pdf", notices.victim_notice, name="victim_notice"),
    path(f"{CASE}<int:pk>/provider-notice.pdf", notices.provider_notice, name="provider_notice"),
    path("psychological-help/caps/", caps.caps, name="caps"),
    path("psychological-help/caps/new/", caps.cap_new, name="cap_new"),
    path("psychological-help/caps/<int:pk>/edit/", caps.cap_edit, name="cap_edit"),
]
