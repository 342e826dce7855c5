"""Who decides a dossier and who does each of its steps, as a ward is organised: the
version of the procedure names the kind of agency that decides (the people's committee,
the police, an office); the counter steps belong to the desk that received, the others to
the officers of the deciding agency with the step's role.

`routing_gaps` finds the steps nobody could do before a citizen's dossier gets stuck on
one: the demo refuses to load with a gap, the admin refuses to save a version with one,
and `refdata load` warns about them.
"""

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.accounts.models import Role, User
from motcua.catalog.models import ProcedureVersion, ProcessingStep
from motcua.units.models import Agency, AgencyKind

RECEIVING_KINDS = (AgencyKind.SERVICE_CENTRE, AgencyKind.PEOPLES_COMMITTEE)


class RoutingError(ValueError):
    """No agency can decide, or not the one named; `message` is fit to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def competent_choices(near: Agency, version: ProcedureVersion) -> list[Agency]:
    """The agencies that may decide a dossier of `version` received at `near`: the active
    agencies of the kind the version names in the same ward. The first is the default
    (`near` itself when it is of that kind, else the oldest); the counter may pick another
    when there are several (e.g. two offices)."""
    kind = version.competent_kind
    found = list(
        Agency.objects.filter(unit_id=near.unit_id, kind=kind, is_active=True).order_by("pk")
    )
    if not found:
        raise RoutingError(
            _("%(unit)s chưa có %(kind)s để giải quyết thủ tục “%(name)s”.")
            % {"unit": near.unit.name, "kind": AgencyKind(kind).label, "name": _name(version)}
        )
    found.sort(key=lambda agency: agency.pk != near.pk)  # stable: the rest stay oldest first
    return found


def competent_for(near: Agency, version: ProcedureVersion) -> Agency:
    """Who decides a dossier of `version` received near `near`, unless someone chooses."""
    return competent_choices(near, version)[0]


def competent_check(*, receiving: Agency, version: ProcedureVersion, competent: Agency) -> None:
    """`competent`, named at the counter or through the API instead of the default, must
    be an active agency of the kind the version names: in the receiving ward, one of
    `competent_choices`. One of another ward passes here; whether `receiving` may receive
    for it (a service centre for its whole province) is the dossier's rule."""
    if competent.is_active and competent.kind == version.competent_kind:
        return
    raise RoutingError(
        _("%(agency)s không giải quyết thủ tục “%(name)s”.")
        % {"agency": competent.name, "name": _name(version)}
    )


def _name(version: ProcedureVersion) -> str:
    return version.procedure.name if version.procedure_id else _("thủ tục này")


def _officers(unit_ids: Iterable[int]) -> set[tuple[int | None, str]]:
    return set(
        User.objects.filter(is_active=True, agency__unit_id__in=unit_ids).values_list(
            "agency_id", "role"
        )
    )


def version_gaps(
    *,
    receiving: Agency,
    version: ProcedureVersion,
    steps: Iterable[ProcessingStep],
    officers: set[tuple[int | None, str]] | None = None,
) -> list[str]:
    """What stops a dossier of `version` with `steps` (saved or as being edited) received
    at `receiving`: no agency to decide, or a step whose agency — for any agency the
    counter may choose — has no active officer with its role. `officers`: the (agency id,
    role) pairs of the ward, when the caller has read them already."""
    if officers is None:
        officers = _officers([receiving.unit_id])
    try:
        choices = competent_choices(receiving, version)
    except RoutingError as error:
        return [error.message]
    gaps = []
    for competent in choices:
        for step in steps:
            agency = receiving if step.role == Role.COUNTER_OFFICER else competent
            if (agency.pk, step.role) not in officers:
                gaps.append(
                    _(
                        "%(unit)s — “%(name)s”, bước “%(step)s”: "
                        "%(agency)s không có %(role)s nào đang làm việc."
                    )
                    % {
                        "unit": receiving.unit.name,
                        "name": _name(version),
                        "step": step.name,
                        "agency": agency.name,
                        "role": Role(step.role).label,
                    }
                )
    return list(dict.fromkeys(gaps))  # a counter step's gap once, whatever the choice


def routing_gaps(*, receiving: Agency, versions: Iterable[ProcedureVersion]) -> list[str]:
    """`version_gaps` of each version with its saved steps. Empty: every step of every
    version can be done by someone."""
    officers = _officers([receiving.unit_id])
    return [
        gap
        for version in versions
        for gap in version_gaps(
            receiving=receiving, version=version, steps=version.steps.all(), officers=officers
        )
    ]


def staffed_counters() -> list[Agency]:
    """The counters of the wards at work: an active service centre or committee with an
    active counter officer, in a ward with an active leader to sign. A ward whose staff is
    still being created (a counter and nobody to sign) cannot finish any procedure, and
    that is no fault of the catalogue."""
    leaders = User.objects.filter(is_active=True, role=Role.LEADER, agency__is_active=True)
    counters = User.objects.filter(is_active=True, role=Role.COUNTER_OFFICER)
    return list(
        Agency.objects.filter(
            Q(unit_id__in=leaders.values("agency__unit_id")),
            kind__in=RECEIVING_KINDS,
            is_active=True,
            pk__in=counters.values("agency_id"),
        )
        .select_related("unit")
        .order_by("unit__name", "pk")
    )


def catalogue_gaps(
    *, version: ProcedureVersion, steps: Iterable[ProcessingStep] | None = None
) -> list[str]:
    """The gaps of one version at every staffed counter (`staffed_counters`), with `steps`
    as being edited (default: its saved steps)."""
    planned = list(version.steps.all() if steps is None else steps)
    counters = staffed_counters()
    officers = _officers({agency.unit_id for agency in counters})
    return [
        gap
        for receiving in counters
        for gap in version_gaps(
            receiving=receiving, version=version, steps=planned, officers=officers
        )
    ]
