"""Adding and removing the parts of a client record: other names, documents, languages, contacts.

The add forms sit on the client page; each also has its own page, where a form with errors comes
back with what was typed. Removing is a POST from the client page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tugi.access.policies_cases import get_client_for
from tugi.clients import services
from tugi.clients.forms import AliasForm, ContactForm, DocumentForm, LanguageForm
from tugi.clients.models import Client
from tugi.clients.views.common import apply_errors


def _back(client: Client, anchor: str) -> HttpResponse:
    return redirect(reverse("clients:detail", args=[client.pk]) + f"#{anchor}")


def _add(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[Form],
    add: Callable[..., Any],
    title: str | Promise,
    anchor: str,
) -> HttpResponse:
    client = get_client_for(request.user, pk, "edit")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return _back(client, anchor)
    context = {
        "form": form,
        "title": f"{title}: {client.display_name}",
        "submit_label": _("Add"),
        "cancel_url": reverse("clients:detail", args=[client.pk]),
    }
    return render(request, "core/form_page.html", context)


def _remove(
    request: HttpRequest,
    pk: int,
    item: int,
    *,
    rows: Callable[[Client], QuerySet[Any]],
    remove: Callable[[Any], None],
    anchor: str,
) -> HttpResponse:
    client = get_client_for(request.user, pk, "edit")
    row: Model = get_object_or_404(rows(client), pk=item)
    remove(row)
    messages.success(request, _("Removed."))
    return _back(client, anchor)


@login_required
@require_http_methods(["GET", "POST"])
def alias_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        form_class=AliasForm,
        add=services.alias_add,
        title=gettext_lazy("Add another name"),
        anchor="names",
    )


@login_required
@require_POST
def alias_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    return _remove(
        request,
        pk,
        item,
        rows=lambda c: c.aliases.all(),
        remove=lambda row: services.alias_remove(actor=request.user, alias=row),  # type: ignore[arg-type]
        anchor="names",
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        form_class=DocumentForm,
        add=services.document_add,
        title=gettext_lazy("Add a document"),
        anchor="documents",
    )


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    return _remove(
        request,
        pk,
        item,
        rows=lambda c: c.documents.all(),
        remove=lambda row: services.document_remove(actor=request.user, document=row),  # type: ignore[arg-type]
        anchor="documents",
    )


@login_required
@require_http_methods(["GET", "POST"])
def language_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        form_class=LanguageForm,
        add=services.language_add,
        title=gettext_lazy("Add a language"),
        anchor="languages",
    )


@login_required
@require_POST
def language_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    return _remove(
        request,
        pk,
        item,
        rows=lambda c: c.languages.all(),
        remove=lambda row: services.language_remove(actor=request.user, language=row),  # type: ignore[arg-type]
        anchor="languages",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        form_class=ContactForm,
        add=services.contact_add,
        title=gettext_lazy("Add a contact"),
        anchor="contacts",
    )


@login_required
@require_POST
def contact_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    return _remove(
        request,
        pk,
        item,
        rows=lambda c: c.contacts.all(),
        remove=lambda row: services.contact_remove(actor=request.user, contact=row),  # type: ignore[arg-type]
        anchor="contacts",
    )


urlpatterns = [
    path("<int:pk>/names/add/", alias_add, name="alias_add"),
    path("<int:pk>/names/<int:item>/remove/", alias_remove, name="alias_remove"),
    path("<int:pk>/documents/add/", document_add, name="document_add"),
    path("<int:pk>/documents/<int:item>/remove/", document_remove, name="document_remove"),
    path("<int:pk>/languages/add/", language_add, name="language_add"),
    path("<int:pk>/languages/<int:item>/remove/", language_remove, name="language_remove"),
    path("<int:pk>/contacts/add/", contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:item>/remove/", contact_remove, name="contact_remove"),
]
