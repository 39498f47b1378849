"""Template helpers of the client pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The events a reader of "who has accessed this person's data" meets most, in words. Any other
# event shows its dotted code (``shelters.placement.created``), which is readable enough.
ACTION_LABELS = {
    "clients.client.viewed": _("opened the client record"),
    "clients.client.listed": _("saw the person in a search or list of possible duplicates"),
    "clients.client.created": _("registered the person"),
    "clients.client.updated": _("changed the client record"),
    "clients.client.access_log_viewed": _("looked at who accessed the data"),
    "clients.client.subject_report": _("made a data-subject report"),
    "clients.alias.added": _("added another name"),
    "clients.alias.removed": _("removed another name"),
    "clients.document.added": _("added an identity document"),
    "clients.document.removed": _("removed an identity document"),
    "clients.language.added": _("added a language"),
    "clients.language.removed": _("removed a language"),
    "clients.contact.added": _("added a contact"),
    "clients.contact.removed": _("removed a contact"),
    "clients.consent.recorded": _("recorded a consent"),
    "clients.consent.withdrawn": _("recorded the withdrawal of a consent"),
    "clients.same_person.linked": _("linked another record as the same person"),
    "clients.same_person.unlinked": _("removed a same-person link"),
    "cases.case.viewed": _("opened a case"),
    "cases.case.opened": _("opened a new case"),
}


@register.filter
def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
