"""Re-projection at scale: the due moment of every dossier whose clock runs, recomputed
with the calendar as it is now, for `actions.dossiers_reproject`.

The cost is per row, so each row costs as little as possible: on PostgreSQL the rows come
from the dossiers_running index alone (it carries every column read here), as plain
integers (moments in microseconds since 1970, never parsed into datetimes by Django); the
arithmetic is the pure calendar's (`clock.due_moment`); and only the rows whose due
moment changed are written back, one UPDATE joined on the id per batch.
"""

from array import array
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection

from motcua.core.tz import VN_TZ
from motcua.dossiers import clock
from motcua.dossiers.models import Dossier, ProcessingRule
from motcua.dossiers.states import RUNNING
from motcua.units.models import Agency
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.selectors import working_calendar

READ_CHUNK = 10_000
WRITE_BATCH = 5_000  # rows per UPDATE (SQLite allows 32,766 parameters per statement)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)

# A row: (id, agency id, clock start µs, consumed µs, due µs, time amount, unit, rule id).
Row = tuple[int, int, int, int, int, Any, str, int]


# --- the arithmetic (no database) --------------------------------------------------------


def moved(
    rows: Iterable[Row],
    calendars: dict[int, WorkingCalendar],
    cutoffs: dict[int, time],
) -> tuple["array[int]", "array[int]"]:
    """(ids, new due moments in µs) of the rows whose due moment is not what the calendar
    gives now; `cutoffs` are the rules' by id. Arrays rather than lists of tuples keep a
    million moved rows in 16 MB."""
    ids, dues = array("q"), array("q")
    # A few dozen distinct (amount, unit, rule) among all rows: each built once.
    legal_times: dict[tuple[Any, str, int], tuple[clock.LegalTime, time]] = {}
    for pk, agency_id, start_us, consumed_us, due_us, amount, unit, rule_id in rows:
        legal_time = legal_times.get((amount, unit, rule_id))
        if legal_time is None:
            legal = clock.LegalTime(Decimal(str(amount)), clock.TimeUnit(unit))
            legal_time = legal_times[(amount, unit, rule_id)] = (legal, cutoffs[rule_id])
        new_due = clock.due_moment(
            calendars[agency_id],
            _EPOCH + _ONE_US * start_us,
            legal_time[0],
            consumed=_ONE_US * consumed_us if consumed_us else clock.ZERO,
            cutoff=legal_time[1],
        )
        new_us = (new_due - _EPOCH) // _ONE_US
        if new_us != due_us:
            ids.append(pk)
            dues.append(new_us)
    return ids, dues


# --- reading and writing -------------------------------------------------------------------


def reproject(*, agency: Agency | None, first_day: date | None) -> int:
    """Recompute and write the due moments of the running dossiers (of `agency`, due on
    or after `first_day`, when given); return how many changed."""
    where, params = _running(agency, first_day)
    table = connection.ops.quote_name(Dossier._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT agency_id FROM {table} WHERE {where}", params)  # noqa: S608 (placeholders only)
        agency_ids = [row[0] for row in cursor.fetchall()]
    if not agency_ids:
        return 0
    calendars = {a.pk: working_calendar(agency=a) for a in Agency.objects.filter(pk__in=agency_ids)}
    cutoffs = dict(ProcessingRule.objects.values_list("pk", "cutoff"))
    ids, dues = moved(_rows(table, where, params), calendars, cutoffs)
    for start in range(0, len(ids), WRITE_BATCH):
        _write(table, ids[start : start + WRITE_BATCH], dues[start : start + WRITE_BATCH])
    return len(ids)


def _running(agency: Agency | None, first_day: date | None) -> tuple[str, list[Any]]:
    """The WHERE clause of the running dossiers (the condition of the dossiers_running
    index, which this matches word for word so that the planner uses it)."""
    # The states are written out, not bound: SQLite uses a partial index only for a
    # query whose WHERE repeats its constants (they are ours, never the user's).
    states = ", ".join(f"'{state}'" for state in sorted(RUNNING))
    where = (
        f"state IN ({states}) AND paused_at IS NULL "
        "AND finished_at IS NULL AND apology_due_at IS NULL"
    )
    params: list[Any] = []
    if agency is not None:
        where += " AND agency_id = %s"
        params.append(agency.pk)
    if first_day is not None:
        # A change of the calendar cannot move a due moment before the changed days.
        where += " AND due_at >= %s"
        params.append(datetime.combine(first_day, time.min, VN_TZ))
    return where, params


def _rows(table: str, where: str, params: list[Any]) -> Iterator[Row]:
    """The rows, streamed in chunks through a server-side cursor where there is one."""
    if connection.vendor == "postgresql":
        us = "round(extract(epoch from {}) * 1000000)::bigint"
        amount = "time_amount::text"
        consumed = us.format("clock_consumed")
    else:
        # SQLite keeps moments as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC, durations as µs.
        us = "(CAST(strftime('%%s', {0}) AS INTEGER) * 1000000 + CAST(substr({0}, 21) AS INTEGER))"
        amount, consumed = "time_amount", "clock_consumed"
    columns = (
        f"id, agency_id, {us.format('clock_started_at')}, {consumed}, {us.format('due_at')}, "
        f"{amount}, time_unit, rule_id"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {where}", params)  # noqa: S608 (placeholders only)
        while chunk := cursor.fetchmany(READ_CHUNK):
            yield from chunk


def _write(table: str, ids: "array[int]", dues: "array[int]") -> None:
    """One UPDATE joined on the id. (bulk_update's CASE WHEN with thousands of branches
    ran at ~1,500 rows/s on PostgreSQL.) PostgreSQL gets two arrays of integers, so the
    statement stays short whatever the batch; SQLite (≥ 3.33) a VALUES list."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            moment = "timestamptz 'epoch' + v.due * interval '1 microsecond'"
            cursor.execute(
                f"UPDATE {table} SET due_at = {moment} "  # noqa: S608 (placeholders only)
                f"FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, due) WHERE {table}.id = v.id",
                [ids.tolist(), dues.tolist()],
            )
            return
        adapt = connection.ops.adapt_datetimefield_value
        values = ", ".join(["(%s, %s)"] * len(ids))
        params = [
            x for pk, us in zip(ids, dues, strict=True) for x in (pk, adapt(_EPOCH + _ONE_US * us))
        ]
        cursor.execute(
            f"WITH v(id, due) AS (VALUES {values}) UPDATE {table} SET due_at = v.due "  # noqa: S608
            f"FROM v WHERE {table}.id = v.id",
            params,
        )
