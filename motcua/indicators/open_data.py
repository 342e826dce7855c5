"""The published figures, for everyone (the open-data page and its CSV and JSON).

What a publication makes public is what was current when it was made (figures are never
changed: the latest row of each key entered up to that moment). The latest publication of
a unit, year and period is the one shown. No personal data: no one's name, no source.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.timezone import localtime

from motcua.core.tz import VN_TZ
from motcua.indicators.models import Publication, Value
from motcua.indicators.periods import Period
from motcua.indicators.wording import FigureKind

FIELDS = [
    "ma_don_vi",
    "don_vi",
    "nam",
    "ky",
    "ma_chi_tieu",
    "chi_tieu",
    "don_vi_tinh",
    "ke_hoach",
    "uoc_thuc_hien",
    "thuc_hien",
    "cung_ky",
    "cong_bo_ngay",
]
KEYS = {
    FigureKind.PLAN: "ke_hoach",
    FigureKind.ESTIMATE: "uoc_thuc_hien",
    FigureKind.ACTUAL: "thuc_hien",
    FigureKind.SAME_PERIOD: "cung_ky",
}


@dataclass
class PublishedRow:
    indicator_code: str
    name: str
    unit_of_measure: str
    figures: dict[str, Decimal | None]


@dataclass
class Published:
    publication: Publication
    rows: list[PublishedRow]

    @property
    def period_label(self) -> str:
        return Period.parse(self.publication.period).label(self.publication.year)


def latest_publications() -> list[Publication]:
    """The latest publication of each unit, year and period, newest year first."""
    seen: set[tuple[int, int, str]] = set()
    latest: list[Publication] = []
    for publication in Publication.objects.select_related("unit__parent").order_by(
        "-year", "unit__code", "period", "-published_at", "-pk"
    ):
        key = (publication.unit_id, publication.year, publication.period)
        if key not in seen:
            seen.add(key)
            latest.append(publication)
    return latest


def published_rows(publication: Publication) -> list[PublishedRow]:
    values = (
        Value.objects.filter(
            unit_id=publication.unit_id,
            year=publication.year,
            period=publication.period,
            entered_at__lte=publication.published_at,
        )
        .select_related("indicator")
        .order_by("entered_at", "pk")
    )
    rows: dict[int, PublishedRow] = {}
    for value in values:
        indicator = value.indicator
        row = rows.setdefault(
            indicator.pk,
            PublishedRow(
                indicator.code,
                indicator.name,
                indicator.unit_of_measure,
                dict.fromkeys(KEYS.values()),
            ),
        )
        row.figures[KEYS[FigureKind(value.figure)]] = value.number
    order = {v.indicator_id: (v.indicator.position, v.indicator.code) for v in values}
    return [rows[pk] for pk in sorted(rows, key=order.__getitem__)]


def published() -> list[Published]:
    return [Published(p, published_rows(p)) for p in latest_publications()]


def records() -> list[dict[str, object]]:
    """Every published figure as flat records (CSV rows, JSON objects), keyed by FIELDS."""
    out: list[dict[str, object]] = []
    for item in published():
        publication = item.publication
        for row in item.rows:
            out.append(
                {
                    "ma_don_vi": publication.unit.code,
                    "don_vi": publication.unit.name,
                    "nam": publication.year,
                    "ky": item.period_label,
                    "ma_chi_tieu": row.indicator_code,
                    "chi_tieu": row.name,
                    "don_vi_tinh": row.unit_of_measure,
                    **row.figures,
                    "cong_bo_ngay": localtime(publication.published_at, VN_TZ).date().isoformat(),
                }
            )
    return out
