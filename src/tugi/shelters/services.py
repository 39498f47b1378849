"""Changes to accommodation places and placements. Each writes its audit event in the same transaction;
placements also write a line in the case's timeline.

Two rules keep the beds honest:

- one person is in one place at a time: the database refuses overlapping placements of a client
  (exclusion constraint ``placement_no_overlap_per_client``); the services check first to say which
  stay is in the way, and turn the constraint's refusal (two people saving at once) into the same error;
- a place never holds more people than its beds on any day: checked here with the place's row locked
  (``SELECT ... FOR UPDATE``), so two counsellors taking the last bed at once are served one by one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tugi.accounts.models import OrgUnit, User
from tugi.audit import services as audit
from tugi.cases.models import Case
from tugi.cases.services import timeline_system
from tugi.core.models import StaleVersion, save_versioned
from tugi.shelters.models import AccommodationPlace, Placement

PLACE_FIELDS = ["name", "provider", "region", "capacity", "address", "phone", "suitable_for", "note", "is_active"]
PLACEMENT_FIELDS = ["place", "starts_on", "ends_on", "note"]
OVERLAP_CONSTRAINT = "placement_no_overlap_per_client"


def _d(day: date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "…"


def _subject(placement: Placement) -> tuple[str, str]:
    return ("clients.client", str(placement.client_id))


# --- places ----------------------------------------------------------------------------------------


def _save_place(place: AccommodationPlace, save: Any) -> None:
    """The name check above can lose a race; the unique constraint then says the same."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError as exc:
        if "place_name_unique_in_agency" not in str(exc):
            raise
        raise ValidationError({"name": _("The agency already has a place with this name.")}) from exc


@transaction.atomic
def place_create(*, actor: User, agency: OrgUnit, **fields: Any) -> AccommodationPlace:
    place = AccommodationPlace(
        agency=agency, created_by=actor, **{k: v for k, v in fields.items() if k in PLACE_FIELDS}
    )
    if AccommodationPlace.objects.filter(agency=agency, name=place.name).exists():
        raise ValidationError({"name": _("The agency already has a place with this name.")})
    _save_place(place, place.save)
    audit.record(
        "shelters.place.created", actor=actor, obj=place, data={"name": place.name, "capacity": place.capacity}
    )
    return place


def _stays(
    place: AccommodationPlace, since: date, until: date | None, exclude_pk: int | None
) -> list[tuple[date, date | None]]:
    """(move-in, move-out) of the place's stays taking a night in [since, until)."""
    rows = Placement.objects.filter(place=place).exclude(ends_on__isnull=False, ends_on__lte=since)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    if until is not None:
        rows = rows.filter(starts_on__lt=until)
    return list(rows.values_list("starts_on", "ends_on"))


def _peak(stays: list[tuple[date, date | None]], since: date) -> tuple[int, date]:
    """The most people staying on one day from ``since`` on, and the first such day."""
    # Occupancy only rises on a day someone moves in: counting on those days (and ``since``) is enough.
    days = sorted({since} | {start for start, _end in stays if start > since})
    peak, peak_day = 0, since
    for day in days:
        count = sum(1 for start, end in stays if start <= day and (end is None or end > day))
        if count > peak:
            peak, peak_day = count, day
    return peak, peak_day


@transaction.atomic
def place_update(
    *, actor: User, place: AccommodationPlace, expected_version: int, changes: dict[str, Any]
) -> AccommodationPlace:
    locked = AccommodationPlace.objects.select_for_update().get(pk=place.pk)
    if locked.version != expected_version:
        raise StaleVersion()
    changed = sorted(k for k in PLACE_FIELDS if k in changes and getattr(place, k) != changes[k])
    name = changes.get("name", place.name)
    if "name" in changed and AccommodationPlace.objects.filter(agency_id=place.agency_id, name=name).exists():
        raise ValidationError({"name": _("The agency already has a place with this name.")})
    today = timezone.localdate()
    if "capacity" in changed:
        peak, peak_day = _peak(_stays(place, today, None, None), today)
        if changes["capacity"] < peak:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s people are placed here on %(day)s: the place cannot have fewer beds than that."
                    )
                    % {"count": peak, "day": _d(peak_day)}
                }
            )
    if "is_active" in changed and not changes["is_active"] and _stays(place, today, None, None):
        raise ValidationError(
            {"is_active": _("People are placed here now or later: end or move their placements before deactivating.")}
        )
    for key in changed:
        setattr(place, key, changes[key])
    _save_place(place, lambda: save_versioned(place, expected_version=expected_version, fields=PLACE_FIELDS))
    action = "shelters.place.updated"
    if "is_active" in changed:
        action = "shelters.place.activated" if place.is_active else "shelters.place.deactivated"
    audit.record(action, actor=actor, obj=place, data={"fields": changed})
    return place


# --- placements -----------------------------------------------------------------------------------


def _check_dates(starts_on: date, ends_on: date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The move-out date cannot be before the move-in date.")})


def _check_no_overlap(
    *, case: Case, starts_on: date, ends_on: date | None, exclude_pk: int | None, field: str = "starts_on"
) -> None:
    """The person's other stays sharing a night with [starts_on, ends_on): the database's rule, said
    with the stay that is in the way. A stay without a night (in and out the same day) meets nothing."""
    if ends_on == starts_on:
        return
    others = (
        Placement.objects.filter(client_id=case.client_id)
        .exclude(pk=exclude_pk or 0)
        .exclude(ends_on=F("starts_on"))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on))
    )
    if ends_on is not None:
        others = others.filter(starts_on__lt=ends_on)
    other = others.select_related("place").order_by("starts_on").first()
    if other is None:
        return
    params = {"start": _d(other.starts_on), "end": _d(other.ends_on)}
    if other.case_id == case.pk:
        params["place"] = other.place.name
        message = _("This person already stays in %(place)s from %(start)s to %(end)s: the dates overlap.") % params
    else:
        # Another case of the same person: its place is not named (that case may be closed to the user).
        message = _("This person already has a placement in another case from %(start)s to %(end)s.") % params
    raise ValidationError({field: message})


def _check_capacity(
    *, place: AccommodationPlace, starts_on: date, ends_on: date | None, exclude_pk: int | None
) -> None:
    """Refuse if one more person on [starts_on, ends_on) is more people than beds on any day.
    The caller holds the place's row lock."""
    if ends_on == starts_on:
        return  # no night in the place
    peak, day = _peak(_stays(place, starts_on, ends_on, exclude_pk), starts_on)
    if peak + 1 > place.capacity:
        raise ValidationError(
            _("%(place)s is full on %(day)s (beds: %(beds)s). Choose other dates or another place.")
            % {"place": place.name, "day": _d(day), "beds": place.capacity}
        )


def _lock_place(place: AccommodationPlace) -> AccommodationPlace:
    return AccommodationPlace.objects.select_for_update().get(pk=place.pk)


def _save_checked(placement: Placement, case: Case, save: Any) -> None:
    """Run ``save`` in a savepoint: the exclusion constraint's refusal (someone else saved an
    overlapping stay of the same person a moment ago) becomes the same error as the check's."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError as exc:
        if OVERLAP_CONSTRAINT not in str(exc):
            raise
        _check_no_overlap(case=case, starts_on=placement.starts_on, ends_on=placement.ends_on, exclude_pk=placement.pk)
        raise ValidationError({"starts_on": _("This person already has a placement on these dates.")}) from exc


@transaction.atomic
def placement_start(
    *,
    actor: User,
    case: Case,
    place: AccommodationPlace,
    starts_on: date,
    ends_on: date | None = None,
    note: str = "",
) -> Placement:
    """Place the case's client in ``place`` from ``starts_on`` (to ``ends_on``, the day they leave)."""
    if case.is_closed:
        raise ValidationError(_("The case is closed: reopen it to place the person."))
    place = _lock_place(place)
    if not place.is_active or place.agency_id != case.agency_id:
        raise ValidationError({"place": _("This place does not take people any more.")})
    _check_dates(starts_on, ends_on)
    _check_no_overlap(case=case, starts_on=starts_on, ends_on=ends_on, exclude_pk=None)
    _check_capacity(place=place, starts_on=starts_on, ends_on=ends_on, exclude_pk=None)
    placement = Placement(
        place=place,
        case=case,
        client_id=case.client_id,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        created_by=actor,
    )
    _save_checked(placement, case, placement.save)
    facts = {"event": "placement_started", "placement": placement.pk, "place": place.pk, "starts_on": str(starts_on)}
    timeline_system(
        case=case,
        actor=actor,
        title=_("Placed in %(place)s from %(start)s") % {"place": place.name, "start": _d(starts_on)},
        data=facts,
    )
    audit.record(
        "shelters.placement.started",
        actor=actor,
        obj=placement,
        subject=_subject(placement),
        data={"place": place.pk, "case": case.pk, "starts_on": str(starts_on), "ends_on": str(ends_on or "")},
    )
    return placement


def _within(start: date, end: date | None, outer_start: date, outer_end: date | None) -> bool:
    """Is [start, end) inside [outer_start, outer_end)? (None: open-ended)"""
    if start < outer_start:
        return False
    if outer_end is None:
        return True
    return end is not None and end <= outer_end


@transaction.atomic
def placement_end(
    *, actor: User, case: Case, placement: Placement, ends_on: date, ended_note: str = "", expected_version: int
) -> Placement:
    """The person leaves the place on ``ends_on`` (their bed is free from that day)."""
    place = _lock_place(placement.place)
    if placement.ends_on is not None and placement.ends_on <= timezone.localdate():
        raise ValidationError(_("This stay has already ended."))
    _check_dates(placement.starts_on, ends_on)
    if not _within(placement.starts_on, ends_on, placement.starts_on, placement.ends_on):
        # A later move-out than planned takes more nights: they must be free.
        _check_no_overlap(
            case=case, starts_on=placement.starts_on, ends_on=ends_on, exclude_pk=placement.pk, field="ends_on"
        )
        _check_capacity(place=place, starts_on=placement.starts_on, ends_on=ends_on, exclude_pk=placement.pk)
    placement.ends_on = ends_on
    placement.ended_note = ended_note
    _save_checked(
        placement,
        case,
        lambda: save_versioned(placement, expected_version=expected_version, fields=["ends_on", "ended_note"]),
    )
    timeline_system(
        case=case,
        actor=actor,
        title=_("Moved out of %(place)s on %(day)s") % {"place": place.name, "day": _d(ends_on)},
        data={"event": "placement_ended", "placement": placement.pk, "place": place.pk, "ends_on": str(ends_on)},
    )
    audit.record(
        "shelters.placement.ended",
        actor=actor,
        obj=placement,
        subject=_subject(placement),
        data={"place": place.pk, "case": case.pk, "ends_on": str(ends_on)},
    )
    return placement


@transaction.atomic
def placement_update(
    *, actor: User, case: Case, placement: Placement, expected_version: int, changes: dict[str, Any]
) -> Placement:
    """Correct a placement: place, dates, note. Taking nights or a place it did not have is checked
    like a new placement; shortening a stay always succeeds."""
    new = {k: changes.get(k, getattr(placement, k)) for k in PLACEMENT_FIELDS}
    changed = sorted(k for k in PLACEMENT_FIELDS if new[k] != getattr(placement, k))
    place = _lock_place(new["place"])
    _check_dates(new["starts_on"], new["ends_on"])
    moved = new["place"].pk != placement.place_id
    if moved and (not place.is_active or place.agency_id != case.agency_id):
        raise ValidationError({"place": _("This place does not take people any more.")})
    grows = not _within(new["starts_on"], new["ends_on"], placement.starts_on, placement.ends_on)
    if grows:
        _check_no_overlap(case=case, starts_on=new["starts_on"], ends_on=new["ends_on"], exclude_pk=placement.pk)
    if moved or grows:
        _check_capacity(place=place, starts_on=new["starts_on"], ends_on=new["ends_on"], exclude_pk=placement.pk)
    for key in changed:
        setattr(placement, key, new[key])
    placement.place = place
    _save_checked(
        placement, case, lambda: save_versioned(placement, expected_version=expected_version, fields=PLACEMENT_FIELDS)
    )
    if changed:
        timeline_system(
            case=case,
            actor=actor,
            title=_("Placement in %(place)s corrected") % {"place": place.name},
            data={"event": "placement_updated", "placement": placement.pk, "fields": changed},
        )
    audit.record(
        "shelters.placement.updated",
        actor=actor,
        obj=placement,
        subject=_subject(placement),
        data={"case": case.pk, "fields": changed},
    )
    return placement
