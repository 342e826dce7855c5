"""Who decides a dossier and who does each of its steps, as a ward is organised: the
version of the procedure names the kind of agency that decides (the people's committee,
the police, an office); the counter steps belong to the desk that received, the others to
the officers of the deciding agency with the step's role.

`routing_gaps` finds the steps nobody could do before a citizen's dossier gets stuck on
one: the demo refuses to load with a gap, and an administrator can run the check.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from motcua.accounts.models import Role, User
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.errors import DossierError
from motcua.units.models import Agency, AgencyKind


def competent_for(near: Agency, version: ProcedureVersion) -> Agency:
    """Who decides a dossier of `version` received near `near`: the agency of the kind the
    version names in the same ward (`near` itself when it is of that kind)."""
    kind = version.competent_kind
    if near.kind == kind:
        return near
    found = list(
        Agency.objects.filter(unit_id=near.unit_id, kind=kind, is_active=True).order_by("pk")[:2]
    )
    if len(found) == 1:
        return found[0]
    label = AgencyKind(kind).label
    if not found:
        raise DossierError(
            _("%(unit)s chưa có %(kind)s để giải quyết thủ tục “%(name)s”.")
            % {"unit": near.unit.name, "kind": label, "name": version.procedure.name}
        )
    raise DossierError(
        _("%(unit)s có nhiều %(kind)s: hãy chọn cơ quan giải quyết thủ tục “%(name)s”.")
        % {"unit": near.unit.name, "kind": label, "name": version.procedure.name}
    )


def routing_gaps(*, receiving: Agency, versions: Iterable[ProcedureVersion]) -> list[str]:
    """What stops a dossier received at `receiving`, for each version: no agency to decide,
    or a step whose agency has no active officer with its role. Empty: every step of
    every version can be done by someone."""
    officers = {
        (agency_id, role)
        for agency_id, role in User.objects.filter(
            is_active=True, agency__unit_id=receiving.unit_id
        ).values_list("agency_id", "role")
    }
    gaps = []
    for version in versions:
        try:
            competent = competent_for(receiving, version)
        except DossierError as error:
            gaps.append(error.message)
            continue
        for step in version.steps.all():
            agency = receiving if step.role == "counter" else competent
            if (agency.pk, step.role) not in officers:
                gaps.append(
                    _("“%(name)s”, bước “%(step)s”: %(agency)s không có %(role)s nào.")
                    % {
                        "name": version.procedure.name,
                        "step": step.name,
                        "agency": agency.name,
                        "role": Role(step.role).label,
                    }
                )
    return gaps
