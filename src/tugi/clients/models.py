"""Clients: the people the agency helps.

A victim may stay anonymous, so a client has an Estonian personal code, a foreign identity
document, or only a pseudonym (and may have all three). Names and aliases feed ``search_text``: one
normalised string with a trigram index, so the fuzzy search by name, alias, code or document number
is one indexed query. A client is never seen on their own: access goes through a visible case
(``access.policies_cases``).
"""

from __future__ import annotations

import unicodedata

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tugi.accounts.models import OrgUnit
from tugi.core.models import Versioned


def normalise(text: str) -> str:
    """Lower case without diacritics: "Jõgi" and "jogi", "Šmidt" and "smidt" meet in the search."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("not known")


@pghistory.track()
class Client(Versioned):
    agency = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    given_name = models.CharField(_("given name"), max_length=120, blank=True)
    family_name = models.CharField(_("family name"), max_length=120, blank=True)
    pseudonym = models.CharField(
        _("pseudonym"), max_length=120, blank=True, help_text=_("For a person who stays anonymous.")
    )
    personal_code = models.CharField(_("Estonian personal code"), max_length=11, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    estimated_birth_year = models.PositiveSmallIntegerField(
        _("estimated year of birth"), null=True, blank=True, help_text=_("When only the age is known or guessed.")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    citizenship = CountryField(_("citizenship"), blank=True)
    safe_contact = models.TextField(
        _("safe-contact instructions"),
        blank=True,
        help_text=_("For example: never call after 18:00; only through the shelter."),
    )
    # Protective flags.
    high_risk = models.BooleanField(_("high risk"), default=False)
    perpetrator_may_search = models.BooleanField(_("the perpetrator may look for them"), default=False)
    staff_related = models.BooleanField(
        _("staff member or a relative of staff"),
        default=False,
        help_text=_("Their cases are visible to the named workers only."),
    )
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("registered by"),
    )

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.CheckConstraint(
                condition=~(Q(given_name="") & Q(family_name="") & Q(pseudonym="")),
                name="client_has_a_name_or_pseudonym",
            ),
            models.CheckConstraint(
                condition=Q(personal_code="") | Q(personal_code__regex=r"^[1-6][0-9]{10}$"),
                name="client_personal_code_shape",
            ),
            models.UniqueConstraint(
                fields=["agency", "personal_code"],
                condition=~Q(personal_code=""),
                name="client_personal_code_unique_in_agency",
            ),
            models.CheckConstraint(
                condition=Q(estimated_birth_year__isnull=True) | Q(estimated_birth_year__gte=1900),
                name="client_estimated_birth_year_sane",
            ),
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name="client_gender_known"),
        ]
        indexes = [
            GinIndex(name="client_search_trgm", fields=["search_text"], opclasses=["gin_trgm_ops"]),
            # The case search looks for names within the searcher's agency: one index for both.
            GinIndex(
                name="client_agency_search_trgm",
                fields=["agency", "search_text"],
                opclasses=["int8_ops", "gin_trgm_ops"],
            ),
            models.Index(fields=["agency", "birth_date"], name="client_agency_birth"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        full = " ".join(p for p in (self.given_name, self.family_name) if p)
        if full and self.pseudonym:
            return f"{full} ({self.pseudonym})"
        return full or self.pseudonym

    def compute_search_text(self, aliases: list[str] | None = None, documents: list[str] | None = None) -> str:
        parts = [self.given_name, self.family_name, self.pseudonym, self.personal_code]
        parts += aliases if aliases is not None else list(self.aliases.values_list("name", flat=True))
        parts += documents if documents is not None else list(self.documents.values_list("number", flat=True))
        return normalise(" ".join(p for p in parts if p))


class AliasKind(models.TextChoices):
    ALIAS = "alias", _("alias")
    FORMER = "former", _("former name")
    SPELLING = "spelling", _("other spelling")


@pghistory.track()
class ClientAlias(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("client"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=AliasKind.choices, default=AliasKind.ALIAS)

    class Meta:
        ordering = ["name"]
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="client_alias_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="client_alias_name_given"),
            models.CheckConstraint(condition=Q(kind__in=AliasKind.values), name="client_alias_kind_known"),
        ]

    def __str__(self) -> str:
        return self.name


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("passport")
    ID_CARD = "id_card", _("identity card")
    RESIDENCE_PERMIT = "residence_permit", _("residence permit")
    TRAVEL = "travel", _("travel document")
    OTHER = "other", _("other document")


@pghistory.track()
class IdentityDocument(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="documents", verbose_name=_("client"))
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    number = models.CharField(_("document number"), max_length=60)
    country = CountryField(_("issuing country"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["doc_type", "number"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "doc_type", "number", "country"], name="identity_document_unique"
            ),
            models.CheckConstraint(condition=~Q(number=""), name="identity_document_number_given"),
            models.CheckConstraint(condition=Q(doc_type__in=DocumentType.values), name="identity_document_type_known"),
            models.CheckConstraint(condition=~Q(country=""), name="identity_document_country_given"),
        ]
        indexes = [models.Index(fields=["number"], name="identity_document_number")]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number}"


@pghistory.track()
class ClientLanguage(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="languages", verbose_name=_("client"))
    language = models.CharField(_("language"), max_length=8, help_text=_("ISO 639-1 code, e.g. ru"))
    native = models.BooleanField(_("native language"), default=False)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)

    class Meta:
        ordering = ["-native", "language"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["client", "language"], name="client_language_unique"),
            models.CheckConstraint(condition=Q(language__regex=r"^[a-z]{2,3}$"), name="client_language_code"),
        ]

    def __str__(self) -> str:
        return self.language


class ContactKind(models.TextChoices):
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    ADDRESS = "address", _("address")
    OTHER = "other", _("other")


@pghistory.track()
class ClientContact(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("client"))
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    value = models.CharField(_("contact"), max_length=300, help_text=_("Phones in international form: +372 …"))
    instructions = models.CharField(_("safe-contact instructions"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(condition=~Q(value=""), name="client_contact_value_given"),
            models.CheckConstraint(
                condition=~Q(kind="phone") | Q(value__regex=r"^\+[1-9][0-9]{6,14}$"), name="client_contact_phone_e164"
            ),
            models.CheckConstraint(
                condition=~Q(kind="email") | Q(value__regex=r"^[^@\s]+@[^@\s]+$"), name="client_contact_email_shape"
            ),
            models.CheckConstraint(condition=Q(kind__in=ContactKind.values), name="client_contact_kind_known"),
        ]

    def __str__(self) -> str:
        return self.value


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("in writing")
    ORAL = "oral", _("orally")
    ELECTRONIC = "electronic", _("electronically")


@pghistory.track()
class Consent(Versioned):
    """What the client allowed to be passed on, to whom, and how that can be proved."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents", verbose_name=_("client"))
    scope = models.TextField(_("what may be shared"))
    recipient = models.CharField(_("with whom"), max_length=300)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("given how"), max_length=12, choices=ConsentMethod.choices)
    evidence = models.CharField(
        _("evidence"), max_length=300, help_text=_("Where the proof is, e.g. signed form in the file, call recording.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = models.CharField(_("withdrawal note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(condition=~Q(scope="") & ~Q(recipient=""), name="consent_scope_recipient_given"),
            models.CheckConstraint(condition=~Q(evidence=""), name="consent_evidence_given"),
            models.CheckConstraint(condition=Q(method__in=ConsentMethod.values), name="consent_method_known"),
            models.CheckConstraint(
                condition=Q(withdrawal_note="") | Q(withdrawn_on__isnull=False), name="consent_note_only_when_withdrawn"
            ),
        ]

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None

    def __str__(self) -> str:
        return f"{self.recipient} ({self.given_on})"


@pghistory.track()
class SamePersonLink(models.Model):
    """Two client records found to be the same person (kept apart: each may belong to other cases)."""

    first = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", verbose_name=_("first record"))
    second = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", verbose_name=_("second record"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("linked by")
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("same-person link")
        verbose_name_plural = _("same-person links")
        constraints = [
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="same_person_ordered_pair"),
            models.UniqueConstraint(fields=["first", "second"], name="same_person_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} = {self.second_id}"
