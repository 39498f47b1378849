"""Demo data: an agency modelled on the Estonian Social Insurance Board's victim support department.

``load_demo()`` is idempotent: it finds what exists by natural keys and adds only what is missing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tugi.accounts.models import OrgUnit, Region, Role, RoleAssignment, Service, UnitKind, User

DEMO_LOGINS = [
    ("counsellor", _("trafficking victim counsellor")),
    ("helpline", _("emotional support and pastoral care counsellor")),
    ("lead", _("trafficking service lead")),
    ("head", _("unit head")),
    ("manager", _("victim support core service manager")),
    ("coordinator", _("restorative justice and volunteer coordinator")),
    ("volunteer", _("volunteer")),
    ("dpo", _("data protection officer")),
    ("admin", _("administrator")),
]

REGIONS = [("pohja", "Põhja"), ("louna", "Lõuna"), ("ida", "Ida"), ("laane", "Lääne")]

# (username, first, last, language, [(role, service, unit key)])
PEOPLE: list[tuple[str, str, str, str, list[tuple[str, str, str]]]] = [
    ("counsellor", "Kadri", "Kask", "et", [(Role.COUNSELLOR, Service.TRAFFICKING, "trafficking")]),
    ("helpline", "Mart", "Mets", "et", [(Role.COUNSELLOR, Service.HELPLINE, "helpline")]),
    ("lead", "Liis", "Lepp", "et", [(Role.SERVICE_LEAD, Service.TRAFFICKING, "trafficking")]),
    ("head", "Toomas", "Tamm", "et", [(Role.UNIT_HEAD, "", "psychosocial")]),
    ("manager", "Anne", "Allik", "en", [(Role.SERVICE_MANAGER, "", "victim_support")]),
    ("coordinator", "Jaan", "Jõgi", "et", [(Role.RJ_COORDINATOR, "", "restorative")]),
    ("volunteer", "Maria", "Ivanova", "ru", [(Role.VOLUNTEER, "", "restorative")]),
    ("dpo", "Eva", "Saar", "et", [(Role.DPO, "", "agency")]),
    ("admin", "Andres", "Org", "et", [(Role.ADMIN, "", "agency")]),
]


def _unit(name: str, kind: str, parent: OrgUnit | None, region: Region | None = None) -> OrgUnit:
    from tugi.accounts.services import org_unit_create

    existing = OrgUnit.objects.filter(name=name, parent=parent).first()
    return existing or org_unit_create(actor=None, name=name, kind=kind, parent=parent, region=region)


@transaction.atomic
def load_demo() -> dict[str, int]:
    from tugi.accounts.services import user_create

    regions = {code: Region.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in REGIONS}
    agency = _unit("Sotsiaalkindlustusamet", UnitKind.AGENCY, None)
    department = _unit("Ohvriabi ja ennetusteenuste osakond", UnitKind.DEPARTMENT, agency)
    psychosocial = _unit("Psühhosotsiaalse toe talitus", UnitKind.UNIT, department)
    victim_unit = _unit("Ohvriabi talitus", UnitKind.UNIT, department)
    units = {
        "agency": agency,
        "psychosocial": psychosocial,
        "trafficking": _unit("Inimkaubandusohvrite tugiteenuste tiim", UnitKind.TEAM, psychosocial),
        "helpline": _unit("Hingehoiu ja emotsionaalse toe tiim", UnitKind.TEAM, psychosocial),
        "victim_support": _unit("Põhja ohvriabi tiim", UnitKind.TEAM, victim_unit, regions["pohja"]),
        "restorative": _unit("Taastava õiguse ja vabatahtlike tiim", UnitKind.TEAM, victim_unit),
    }
    created = 0
    for username, first, last, language, roles in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=settings.TUGI_DEMO_PASSWORD,
                agency=agency,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.tugi.invalid",
                language=language,
            )
            User.objects.filter(pk=user.pk).update(is_demo=True)
            created += 1
        for role, service, key in roles:
            RoleAssignment.objects.get_or_create(user=user, role=role, service=service, unit=units[key])
    from tugi.cases.demo import load_domain

    domain = load_domain()  # demo cases, then the case areas' own demo data; each idempotent
    return {"users_created": created, "units": OrgUnit.objects.count(), **domain}
