"""Publishing a unit's figures (the open-data page), and the preview of an import."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from motcua.core.audit import audit_record
from motcua.indicators.models import Publication
from motcua.indicators.periods import Period
from motcua.indicators.selectors import blocking_errors
from motcua.indicators.services.figures import IndicatorsError
from motcua.indicators.services.sheets import ImportResult, sheet_import
from motcua.indicators.sheet import Sheet
from motcua.units.models import AdministrativeUnit

if TYPE_CHECKING:
    from motcua.accounts.models import User


@transaction.atomic
def figures_publish(
    *, actor: "User", unit: AdministrativeUnit, year: int, period: Period
) -> Publication:
    """Make the unit's current figures for the period public ("Công bố"): refused while an
    error stands; a figure recorded later is not public until the next publication."""
    errors = list(blocking_errors(unit=unit, year=year, period=period))
    if errors:
        raise IndicatorsError(
            "Còn lỗi số liệu chưa sửa: chưa công bố được. " + " ".join(e.message for e in errors)
        )
    publication = Publication.objects.create(
        unit=unit, year=year, period=period.code, published_by=actor, published_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="indicators.publish",
        target=publication,
        payload={"unit": unit.code, "year": year, "period": period.code},
    )
    return publication


def sheet_preview(
    *, actor: "User", sheet: Sheet, unit: AdministrativeUnit, period: Period, source: str
) -> ImportResult:
    """What `sheet_import` would record, without recording it (its transaction is rolled
    back); IndicatorsError with every refused row as the import would raise it."""
    with transaction.atomic():
        result = sheet_import(actor=actor, sheet=sheet, unit=unit, period=period, source=source)
        transaction.set_rollback(True)
    return result
