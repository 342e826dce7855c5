"""One demo or benchmark dossier (`demo`), built in memory with its documents, steps,
related records and audit events: in a state drawn from weights, finished as far as the
state says, on the real clock and calendar."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from motcua.accounts.models import User
from motcua.dossiers import clock, codes, search
from motcua.dossiers.demo_desks import Desk, Timeline, Version, rule_on
from motcua.dossiers.demo_people import person
from motcua.dossiers.models import (
    Channel,
    Dossier,
    DossierDocument,
    DossierStep,
    ProcessingRule,
    RefusalStage,
)
from motcua.dossiers.states import State
from motcua.workdays.calendar import WorkingCalendar

SUPPLEMENT_REASONS = (
    "Thiếu chữ ký của người yêu cầu",
    "Bản chụp mờ, không đọc được",
    "Thông tin trên tờ khai không khớp giấy tờ tùy thân",
)
REFUSAL_REASONS = (
    "Không thuộc thẩm quyền giải quyết của cơ quan",
    "Người yêu cầu không đủ điều kiện theo quy định",
)
APOLOGY_REASONS = (
    "Cần xác minh thêm thông tin tại cơ quan khác",
    "Hệ thống cơ sở dữ liệu chuyên ngành gián đoạn",
)


# Final states by whether the appointment has passed, with weights: a centre where most
# dossiers finish on time, a few are late, and a few are still waiting for the citizen.
PAST_DUE = (
    (State.RETURNED, 80),
    (State.PROCESSED, 4),
    (State.REFUSED, 2),
    (State.NOT_RECEIVED, 2),
    (State.WITHDRAWN, 2),
    (State.STOPPED, 1),
    (State.IN_PROGRESS, 4),
    (State.APPROVED, 1),
    (State.SUPPLEMENT_REQUESTED, 3),
    (State.FINANCIAL_OBLIGATION, 1),
)
# Due weeks ago: by now a ward has finished nearly all of them.
LONG_PAST_DUE = (
    *((s, w) for s, w in PAST_DUE if s not in {State.IN_PROGRESS, State.APPROVED}),
    (State.IN_PROGRESS, 0.4),
    (State.APPROVED, 0.1),
)
# The demo's ward has settled what fell due this long ago; the benchmark keeps the old
# tail of open dossiers, which the re-projection benchmark measures its rate over.
SETTLED_AFTER = timedelta(days=14)
NOT_YET_DUE = (
    (State.RECEIVED, 22),
    (State.IN_PROGRESS, 45),
    (State.SUPPLEMENT_REQUESTED, 8),
    (State.FINANCIAL_OBLIGATION, 3),
    (State.APPROVED, 7),
    (State.PROCESSED, 8),
    (State.RETURNED, 4),
    (State.WITHDRAWN, 1),
    (State.NOT_RECEIVED, 2),
)


# How many steps are finished in each state (None: all); the rest wait.
STEPS_DONE: dict[State, int | None] = {
    State.RECEIVED: 0,
    State.IN_PROGRESS: 1,
    State.SUPPLEMENT_REQUESTED: 1,
    State.FINANCIAL_OBLIGATION: 1,
    State.APPROVED: -1,
    State.PROCESSED: -1,
    State.REFUSED: -1,
    State.RETURNED: None,
    State.WITHDRAWN: 1,
    State.STOPPED: 1,
}


# The event that brought the dossier into its state, and the role that acted.
LAST_ACT: dict[State, tuple[str, str]] = {
    State.IN_PROGRESS: ("transfer", "counter"),
    State.SUPPLEMENT_REQUESTED: ("supplement_request", "specialist"),
    State.FINANCIAL_OBLIGATION: ("financial_obligation_request", "specialist"),
    State.APPROVED: ("approve", "leader"),
    State.PROCESSED: ("mark_processed", "leader"),
    State.REFUSED: ("refuse_after_appraisal", "specialist"),
    State.RETURNED: ("return_result", "counter"),
    State.WITHDRAWN: ("withdraw", "counter"),
    State.STOPPED: ("stop", "counter"),
}


@dataclass
class Built:
    """A dossier and its related rows, before the code and the keys are known."""

    desk: Desk
    dossier: Dossier
    documents: list[DossierDocument]
    steps: list[DossierStep]
    current: int | None  # index of the current step
    extras: list[tuple[str, dict[str, Any]]]  # (kind, fields) of related records
    events: list[tuple[datetime, str, str, User]]  # (at, action, to_state, actor)


def _between(
    calendar: WorkingCalendar,
    rng: random.Random,
    start: datetime,
    end: datetime,
    low: float,
    high: float,
) -> datetime:
    """A moment in working time between `start` and `end` (a share from low to high of the
    working time between them; above 1 goes past `end`): officers act in office hours."""
    span = calendar.working_time_between(start, end)
    return calendar.add_working_time(start, span * rng.uniform(low, high))


def build(
    i: int,
    received_at: datetime,
    desk: Desk,
    timelines: list[Timeline],
    rules: list[ProcessingRule],
    now: datetime,
    key: str,
    settled_after: timedelta | None = None,
) -> Built:
    rng = random.Random(i)  # noqa: S311 (made-up data, reproducible per dossier)
    day = codes.receipt_day(received_at)
    v = timelines[rng.randrange(len(timelines))].on(day)  # the version in force that day
    desk = desk.for_kind(v.version.competent_kind)  # who decides, as the catalogue routes it
    applicant = person(rng, desk.receiving.unit.name)
    channel = rng.choices((Channel.IN_PERSON, Channel.ONLINE, Channel.POST), (70, 27, 3))[0]
    rule = rule_on(rules, day)
    calendar = desk.calendar
    start = clock.clock_start(
        calendar, received_at, paper=channel != Channel.ONLINE, rule=rule.as_clock_rule()
    )
    due = clock.due_moment(calendar, start, v.legal, cutoff=rule.cutoff)
    settled = settled_after is not None and due < now - settled_after
    table = NOT_YET_DUE if due >= now else LONG_PAST_DUE if settled else PAST_DUE
    state = rng.choices([s for s, _w in table], [w for _s, w in table])[0]
    dossier = Dossier(
        # Ids rather than instances: the related-object checks cost more than the rest.
        procedure_id=v.version.procedure_id,
        procedure_version_id=v.version.pk,
        receiving_agency_id=desk.receiving.pk,
        agency_id=desk.competent.pk,
        current_agency_id=desk.competent.pk,
        channel=channel,
        state=state,
        applicant_name=applicant.name,
        applicant_search=search.name_key(applicant.name),
        applicant_personal_id=applicant.personal_id,
        applicant_birth_date=applicant.birth_date,
        applicant_phone=applicant.phone,
        applicant_address=applicant.address,
        received_by_id=desk.counter.pk,
        time_amount=v.version.time_amount,
        time_unit=v.version.time_unit,
        rule_id=rule.pk,
        received_at=received_at,
        clock_started_at=start,
        due_at=due,
        original_due_at=due,
        idempotency_key=key,
    )
    documents = [
        DossierDocument(requirement_id=r.pk, position=n, name=r.name, originals=1)
        for n, r in enumerate(v.documents)
    ]
    built = Built(desk, dossier, documents, [], None, [], [])
    if state == State.NOT_RECEIVED:
        dossier.due_at = dossier.original_due_at = dossier.clock_started_at = None
        dossier.finished_at = received_at
        dossier.current_agency_id = desk.receiving.pk
        built.extras.append(
            (
                "refusal",
                {
                    "stage": RefusalStage.RECEPTION,
                    "reasons": [rng.choice(REFUSAL_REASONS)],
                    "refused_at": received_at,
                    "refused_by": desk.counter,
                },
            )
        )
        built.events.append((received_at, "refuse_at_reception", state, desk.counter))
        dossier.version = 1
        return built
    built.events.append((received_at, "receive", State.RECEIVED, desk.counter))
    moment = _steps(rng, built, v, start, due, now)
    _outcome(rng, built, moment, now)
    dossier.version = len(built.events)
    return built


def _steps(
    rng: random.Random, built: Built, v: Version, start: datetime, due: datetime, now: datetime
) -> datetime:
    """The steps, finished as far as the state says; returns when the last one ended."""
    dossier, desk = built.dossier, built.desk
    state = State(dossier.state)
    dues = clock.step_dues(desk.calendar, start, due, [s.budget for s in v.steps])
    done = STEPS_DONE[state]
    signing = len(v.steps) >= 4 and v.steps[2].role == "leader"
    if state == State.IN_PROGRESS and signing and rng.random() < 0.35:
        done = 2  # appraised, waiting for the leader's signature
    count = len(v.steps) if done is None else (len(v.steps) + done if done < 0 else done)
    count = max(0, min(count, len(v.steps) - (0 if done is None else 1)))
    late = rng.random() < 0.12  # a slow appraisal makes the whole dossier late
    moment = dossier.received_at
    assert moment is not None  # noqa: S101
    for n, (step, step_due) in enumerate(zip(v.steps, dues, strict=True)):
        agency = desk.receiving if step.role == "counter" else desk.competent
        row = DossierStep(
            procedure_step_id=step.pk,
            position=n,
            name=step.name,
            agency_id=agency.pk,
            role=step.role,
            budget=step.budget,
            due_at=step_due,
        )
        if n <= count:
            row.started_at = moment
            # Half the steps in progress are named to an officer, the rest wait for
            # whoever of the role takes them; finished steps name who did them.
            if n < count or rng.random() < 0.5:
                row.handler_id = desk.officer(step.role).pk
        if n < count:
            spread = (0.9, 1.6) if late and step.role == "specialist" else (0.2, 0.9)
            finish = min(_between(desk.calendar, rng, moment, step_due, *spread), now)
            row.finished_at = max(finish, moment)
            row.timing = clock.classify(row.finished_at, step_due)
            moment = row.finished_at
        built.steps.append(row)
    if state not in {State.RETURNED, State.WITHDRAWN, State.STOPPED}:
        built.current = min(count, len(v.steps) - 1)
        dossier.current_agency_id = built.steps[built.current].agency_id
    return moment


def _outcome(rng: random.Random, built: Built, moment: datetime, now: datetime) -> None:
    """The records and events of the dossier's final state."""
    dossier, desk = built.dossier, built.desk
    state = State(dossier.state)
    assert dossier.due_at is not None  # noqa: S101
    if state in {State.SUPPLEMENT_REQUESTED} or (state == State.RETURNED and rng.random() < 0.08):
        asked = min(desk.calendar.add_working_hours(moment, 2), now)
        request = {
            "number": 1,
            "requested_at": asked,
            "requested_by": desk.specialist,
            "reason": rng.choice(SUPPLEMENT_REASONS),
        }
        dossier.supplement_count = 1
        if state == State.SUPPLEMENT_REQUESTED:
            dossier.paused_at = asked
        else:
            request |= {
                "received_at": desk.calendar.add_working_days(asked, 2),
                "received_by": desk.counter,
            }
        built.extras.append(("supplement", request))
    if state == State.FINANCIAL_OBLIGATION:
        dossier.paused_at = min(desk.calendar.add_working_hours(moment, 1), now)
        built.extras.append(
            (
                "obligation",
                {
                    "requested_at": dossier.paused_at,
                    "requested_by": desk.specialist,
                    "description": "Nộp lệ phí theo quy định",
                    "amount": 8_000,
                },
            )
        )
    late_open = state in {State.IN_PROGRESS, State.APPROVED} and dossier.due_at < now
    if late_open and rng.random() < 0.4:
        # Apologised at least a working day ahead, with one new appointment.
        assert dossier.clock_started_at is not None  # noqa: S101
        issued = _between(desk.calendar, rng, dossier.clock_started_at, dossier.due_at, 0.5, 0.5)
        new_due = desk.calendar.add_working_days(dossier.due_at, 3)
        built.extras.append(
            (
                "apology",
                {
                    "issued_at": issued,
                    "issued_by": desk.leader,
                    "reason": rng.choice(APOLOGY_REASONS),
                    "previous_due_at": dossier.due_at,
                    "new_due_at": new_due,
                },
            )
        )
        built.events.append((issued, "apologise", "", desk.leader))
        dossier.apology_count = 1
        dossier.apology_due_at = dossier.due_at = new_due
    if state in {State.APPROVED, State.PROCESSED, State.RETURNED, State.REFUSED}:
        dossier.finished_at = moment if state != State.APPROVED else None
        dossier.decision = "refused" if state == State.REFUSED else "approved"
    if state in {State.PROCESSED, State.RETURNED, State.REFUSED}:
        assert dossier.finished_at is not None  # noqa: S101
        dossier.timing = clock.classify(
            dossier.finished_at, dossier.due_at, supplement_count=dossier.supplement_count
        )
    if state == State.REFUSED:
        built.extras.append(
            (
                "refusal",
                {
                    "stage": RefusalStage.APPRAISAL,
                    "reasons": [rng.choice(REFUSAL_REASONS)],
                    "refused_at": moment,
                    "refused_by": desk.specialist,
                },
            )
        )
    if state == State.RETURNED:
        assert dossier.finished_at is not None  # noqa: S101
        returned = desk.calendar.add_working_hours(dossier.finished_at, rng.uniform(0.5, 16))
        dossier.returned_at = min(returned, now)
    if state in {State.WITHDRAWN, State.STOPPED}:
        dossier.finished_at = None
        closed = min(desk.calendar.add_working_hours(moment, 3), now)
        if state == State.WITHDRAWN:
            built.extras.append(
                (
                    "withdrawal",
                    {
                        "requested_at": closed,
                        "recorded_by": desk.counter,
                        "reason": "Công dân đề nghị rút hồ sơ",
                    },
                )
            )
        else:
            built.extras.append(
                (
                    "stop",
                    {
                        "issued_at": closed,
                        "issued_by": desk.counter,
                        "reason": "Công dân đề nghị dừng giải quyết",
                        "at_citizen_request": True,
                    },
                )
            )
        moment = closed
    if state in LAST_ACT:
        action, role = LAST_ACT[state]
        if state == State.IN_PROGRESS and built.current:
            role = built.steps[built.current - 1].role  # who handed it to this step
        at = dossier.returned_at or dossier.paused_at or moment
        built.events.append((at, action, state, desk.officer(role)))
