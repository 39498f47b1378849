"""Two records of the same person: find the other record, link them, and undo the link.

Both records must be ones the user sees and may change; the other record is looked up among the
visible ones only, so a refusal never tells whether an unseen record exists.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tugi.access.policies_cases import client_decision, get_client_for, visible_clients
from tugi.clients import selectors, services
from tugi.clients.forms import ClientSearchForm, LinkForm
from tugi.clients.models import Client, SamePersonLink
from tugi.clients.views.common import apply_errors

HITS = 20


def _other(request: HttpRequest, client: Client, form: LinkForm) -> Client | None:
    """The chosen record, if the user sees it and may change it; otherwise an error on the form."""
    other = visible_clients(request.user).filter(pk=form.cleaned_data["other"]).first()
    if other is None or other.pk == client.pk:
        form.add_error(None, _("Choose the other record from the search results."))
        return None
    decision = client_decision(request.user, "link", other)
    if not decision:
        form.add_error(None, decision.reason)
        return None
    return other


@login_required
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, "link")
    search = ClientSearchForm(request.GET or None)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = _other(request, client, form)
        if other is not None:
            try:
                services.same_person_link(
                    actor=request.user,  # type: ignore[arg-type]
                    client=client,
                    other=other,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The two records are linked as the same person."))
                return redirect(reverse("clients:detail", args=[client.pk]) + "#same-person")
    hits = []
    if search.is_valid() and search.cleaned_data["q"]:
        already = selectors.linked_ids(client)
        found = selectors.search_visible(request.user, search.cleaned_data["q"], HITS, exclude_pk=client.pk)
        hits = [c for c in found if c.pk not in already]
    context = {"client": client, "search": search, "form": form, "hits": hits, "searched": search.is_bound}
    return render(request, "clients/link.html", context)


@login_required
@require_POST
def unlink(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    client = get_client_for(request.user, pk, "link")
    record = get_object_or_404(SamePersonLink.objects.filter(Q(first_id=client.pk) | Q(second_id=client.pk)), pk=item)
    other_pk = record.second_id if record.first_id == client.pk else record.first_id
    other = visible_clients(request.user).filter(pk=other_pk).first()
    if other is None or not client_decision(request.user, "link", other):
        raise PermissionDenied(_("Only someone who may change both records can remove this link."))
    services.same_person_unlink(actor=request.user, link=record)  # type: ignore[arg-type]
    messages.success(request, _("The link is removed: the records are no longer marked as the same person."))
    return redirect(reverse("clients:detail", args=[client.pk]) + "#same-person")


urlpatterns = [
    path("<int:pk>/same-person/", link, name="link"),
    path("<int:pk>/same-person/<int:item>/remove/", unlink, name="unlink"),
]
