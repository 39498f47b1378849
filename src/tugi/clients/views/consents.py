"""Consents: what the person allowed to be passed on, to whom; and its withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tugi.access.policies_cases import get_client_for
from tugi.clients import services
from tugi.clients.forms import ConsentForm, ConsentWithdrawForm
from tugi.clients.views.common import apply_errors
from tugi.core.models import StaleVersion


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, "edit")
    form = ConsentForm(request.POST or None, initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.consent_record(actor=request.user, client=client, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("The consent is recorded."))
        return redirect(reverse("clients:detail", args=[client.pk]) + "#consents")
    context = {
        "form": form,
        "title": _("Record a consent: %(name)s") % {"name": client.display_name},
        "intro": _(
            "Record what the person allows to be passed on, to whom, when and how they said so, and where the proof is."
        ),
        "cancel_url": reverse("clients:detail", args=[client.pk]),
    }
    return render(request, "core/form_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int, consent: int) -> HttpResponse:
    client = get_client_for(request.user, pk, "edit")
    record = get_object_or_404(client.consents.filter(withdrawn_on__isnull=True), pk=consent)
    initial = {"withdrawn_on": timezone.localdate(), "version": record.version}
    form = ConsentWithdrawForm(request.POST or None, initial=initial, consent=record)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_withdraw(
                actor=request.user,  # type: ignore[arg-type]
                consent=record,
                expected_version=data["version"],
                withdrawn_on=data["withdrawn_on"],
                note=data["withdrawal_note"],
            )
        except StaleVersion as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The consent is withdrawn. Tell the recipient if they already have the data."))
            return redirect(reverse("clients:detail", args=[client.pk]) + "#consents")
    context = {
        "form": form,
        "title": _("Withdraw the consent to share with %(recipient)s") % {"recipient": record.recipient},
        "intro": _("Given on %(date)s: %(scope)s")
        % {"date": record.given_on.strftime("%d.%m.%Y"), "scope": record.scope},
        "submit_label": _("Withdraw"),
        "cancel_url": reverse("clients:detail", args=[client.pk]),
    }
    return render(request, "core/form_page.html", context)


urlpatterns = [
    path("<int:pk>/consents/new/", consent_new, name="consent_new"),
    path("<int:pk>/consents/<int:consent>/withdraw/", consent_withdraw, name="consent_withdraw"),
]
