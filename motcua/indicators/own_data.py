"""Administrative-reform figures computed from motcua's own records, for any unit and
period, so that a ward never retypes them:

- dossiers received (receipt in the period), resolved (result in the period), resolved on
  time (result no later than the due moment in force, an apology's new date included),
  online share of those received;
- household business certificates issued (results in the "hộ kinh doanh" field) and
  civil-status entries registered (results in the "hộ tịch" field), refusals excluded;
- hall visitors (tickets issued in the unit's halls).

The unit's agencies are those attached to the unit itself (a ward's committee, centre,
departments): figures belong to the unit version the agencies served.
"""

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from motcua.core.tz import VN_TZ
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.states import State
from motcua.hall.models import Ticket
from motcua.indicators.figures import percent_of
from motcua.indicators.periods import Period
from motcua.units.models import AdministrativeUnit

HOUSEHOLD_BUSINESS_FIELD = "ho-kinh-doanh"
CIVIL_STATUS_FIELD = "ho-tich"
RESULT_STATES = [State.PROCESSED, State.RETURNED, State.APPROVED]


@dataclass(frozen=True)
class OwnFigures:
    received: int
    resolved: int
    resolved_on_time: int
    received_online: int
    household_business_certificates: int
    civil_status_entries: int
    hall_visitors: int

    @property
    def on_time_percent(self) -> Decimal | None:
        return percent_of(Decimal(self.resolved_on_time), Decimal(self.resolved))

    @property
    def online_percent(self) -> Decimal | None:
        return percent_of(Decimal(self.received_online), Decimal(self.received))


def _bounds(period: Period, year: int) -> tuple[datetime, datetime]:
    start = datetime.combine(period.first_day(year), time.min, tzinfo=VN_TZ)
    end = datetime.combine(period.last_day(year), time.max, tzinfo=VN_TZ)
    return start, end


def own_figures(*, unit: AdministrativeUnit, year: int, period: Period) -> OwnFigures:
    """Two aggregate queries on dossiers and one on tickets."""
    start, end = _bounds(period, year)
    dossiers = Dossier.objects.filter(receiving_agency__unit=unit)
    received = dossiers.filter(received_at__range=(start, end)).aggregate(
        total=Count("pk"), online=Count("pk", filter=Q(channel=Channel.ONLINE))
    )
    in_force_due = Coalesce("apology_due_at", "due_at")
    with_result = Q(state__in=RESULT_STATES)
    resolved = (
        dossiers.filter(finished_at__range=(start, end))
        .annotate(in_force_due=in_force_due)
        .aggregate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(finished_at__lte=F("in_force_due"))),
            business=Count(
                "pk", filter=with_result & Q(procedure__field__slug=HOUSEHOLD_BUSINESS_FIELD)
            ),
            civil=Count("pk", filter=with_result & Q(procedure__field__slug=CIVIL_STATUS_FIELD)),
        )
    )
    visitors = Ticket.objects.filter(hall__agency__unit=unit, issued_at__range=(start, end)).count()
    return OwnFigures(
        received=received["total"],
        resolved=resolved["total"],
        resolved_on_time=resolved["on_time"],
        received_online=received["online"],
        household_business_certificates=resolved["business"],
        civil_status_entries=resolved["civil"],
        hall_visitors=visitors,
    )
