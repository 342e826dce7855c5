"""Dossier states, what each maps to on the national portal, and who may move a dossier
from one state to another. Pure Python: the table is the rule, services enforce it.

The national portal knows ten status codes (1 newly registered … 10 result returned);
internal states are a little richer (an approved dossier is still "in progress" until
the result is ready) but each maps to exactly one code.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class State(StrEnum):
    REGISTERED = "registered"  # submitted online, not yet checked by the counter
    RECEIVED = "received"  # receipt issued, at the reception step
    NOT_RECEIVED = "not_received"  # refused at reception
    IN_PROGRESS = "in_progress"
    SUPPLEMENT_REQUESTED = "supplement"
    FINANCIAL_OBLIGATION = "financial"
    APPROVED = "approved"  # signed by the leader, the result is being prepared
    REFUSED = "refused"  # refused after appraisal: the refusal is the result
    PROCESSED = "processed"  # result ready to hand over
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"


NATIONAL_STATUS: dict[State, int] = {
    State.REGISTERED: 1,
    State.RECEIVED: 2,
    State.NOT_RECEIVED: 3,
    State.IN_PROGRESS: 4,
    State.APPROVED: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.FINANCIAL_OBLIGATION: 6,
    State.WITHDRAWN: 7,
    State.STOPPED: 8,
    State.PROCESSED: 9,
    State.REFUSED: 9,
    State.RETURNED: 10,
}

# The clock runs in these states; it is paused while the citizen supplements or pays,
# and stopped for good once the dossier is decided or closed.
RUNNING = frozenset({State.RECEIVED, State.IN_PROGRESS, State.APPROVED})
PAUSED = frozenset({State.SUPPLEMENT_REQUESTED, State.FINANCIAL_OBLIGATION})
# Not yet decided: the citizen may still withdraw, the centre may still stop it.
UNDECIDED = RUNNING - {State.APPROVED} | PAUSED | {State.REGISTERED}
# Still on someone's desk (the work queue), decided or not.
OPEN = RUNNING | PAUSED | {State.REGISTERED, State.PROCESSED, State.REFUSED}
CLOSED = frozenset(State) - OPEN
# The result exists once the dossier is decided (granted or refused), and after hand-over.
DECIDED = frozenset({State.PROCESSED, State.REFUSED, State.RETURNED})


class Action(StrEnum):
    RECEIVE = "receive"
    REFUSE_AT_RECEPTION = "refuse_at_reception"
    SUPPLEMENT_REQUEST = "supplement_request"
    SUPPLEMENT_RECEIVE = "supplement_receive"
    TRANSFER = "transfer"
    FINANCIAL_OBLIGATION_REQUEST = "financial_obligation_request"
    FINANCIAL_OBLIGATION_FULFIL = "financial_obligation_fulfil"
    APPROVE = "approve"
    REFUSE_AFTER_APPRAISAL = "refuse_after_appraisal"
    MARK_PROCESSED = "mark_processed"
    RETURN_RESULT = "return_result"
    WITHDRAW = "withdraw"
    STOP = "stop"
    APOLOGISE = "apologise"
    RETURN_EARLY = "return_early"
    # The citizen's own acts on an online dossier.
    SUBMIT_ONLINE = "submit_online"
    SUPPLEMENT_SUBMIT_ONLINE = "supplement_submit_online"
    STOP_REQUEST = "stop_request"
    # Who handles the current step: another officer of its role takes it over; a centre
    # manager (re)assigns it.
    TAKE_OVER = "take_over"
    REASSIGN = "reassign"


# Actions on the current step: only whoever holds it may take them (`holds_step`).
STEP_ACTIONS = frozenset(
    {
        Action.TRANSFER,
        Action.APPROVE,
        Action.REFUSE_AFTER_APPRAISAL,
        Action.FINANCIAL_OBLIGATION_REQUEST,
    }
)

# Role values of motcua.accounts.models.Role (kept as strings: this module has no Django).
COUNTER, SPECIALIST, LEADER, MANAGER = "counter", "specialist", "leader", "manager"
CITIZEN = "citizen"  # the applicant themself, for online dossiers they own


@dataclass(frozen=True)
class Transition:
    sources: frozenset[State]
    # None: the state does not change (an apology, an early-return notice, a transfer).
    target: State | None
    roles: frozenset[str]


def _t(sources: set[State] | frozenset[State], target: State | None, *roles: str) -> Transition:
    return Transition(frozenset(sources), target, frozenset(roles))


TRANSITIONS: dict[Action, Transition] = {
    Action.RECEIVE: _t({State.REGISTERED}, State.RECEIVED, COUNTER, MANAGER),
    Action.REFUSE_AT_RECEPTION: _t({State.REGISTERED}, State.NOT_RECEIVED, COUNTER, MANAGER),
    Action.SUPPLEMENT_REQUEST: _t(
        {State.RECEIVED, State.IN_PROGRESS},
        State.SUPPLEMENT_REQUESTED,
        COUNTER,
        SPECIALIST,
        MANAGER,
    ),
    Action.SUPPLEMENT_RECEIVE: _t(
        {State.SUPPLEMENT_REQUESTED}, State.IN_PROGRESS, COUNTER, MANAGER
    ),
    # The role must also match the current step's role (checked by the service).
    # An approved dossier is handed on too: in an interlinked procedure (birth, residence,
    # health insurance) the signed result goes on to the next agency's steps.
    Action.TRANSFER: _t(
        {State.RECEIVED, State.IN_PROGRESS, State.APPROVED},
        State.IN_PROGRESS,
        COUNTER,
        SPECIALIST,
        LEADER,
    ),
    Action.FINANCIAL_OBLIGATION_REQUEST: _t(
        {State.RECEIVED, State.IN_PROGRESS}, State.FINANCIAL_OBLIGATION, COUNTER, SPECIALIST
    ),
    Action.FINANCIAL_OBLIGATION_FULFIL: _t(
        {State.FINANCIAL_OBLIGATION}, State.IN_PROGRESS, COUNTER, MANAGER
    ),
    Action.APPROVE: _t({State.IN_PROGRESS}, State.APPROVED, LEADER),
    Action.REFUSE_AFTER_APPRAISAL: _t({State.IN_PROGRESS}, State.REFUSED, SPECIALIST, LEADER),
    Action.MARK_PROCESSED: _t({State.APPROVED}, State.PROCESSED, COUNTER, SPECIALIST, LEADER),
    Action.RETURN_RESULT: _t({State.PROCESSED, State.REFUSED}, State.RETURNED, COUNTER, MANAGER),
    Action.WITHDRAW: _t(UNDECIDED, State.WITHDRAWN, COUNTER, MANAGER, CITIZEN),
    Action.STOP: _t(UNDECIDED, State.STOPPED, COUNTER, LEADER, MANAGER),
    Action.APOLOGISE: _t(RUNNING, None, LEADER, MANAGER),
    Action.RETURN_EARLY: _t({State.PROCESSED, State.REFUSED}, None, COUNTER, MANAGER),
    # Creates the dossier (no source state); the counter then receives or refuses it.
    Action.SUBMIT_ONLINE: _t(set(), State.REGISTERED, CITIZEN),
    # Recorded only: the officer checks the answer and records it (SUPPLEMENT_RECEIVE).
    Action.SUPPLEMENT_SUBMIT_ONLINE: _t({State.SUPPLEMENT_REQUESTED}, None, CITIZEN),
    # Recorded only: the centre decides (STOP).
    Action.STOP_REQUEST: _t(UNDECIDED - {State.REGISTERED}, None, CITIZEN),
    # While the step is being worked on (or waits for the citizen); the state stays.
    Action.TAKE_OVER: _t(RUNNING | PAUSED, None, COUNTER, SPECIALIST, LEADER),
    Action.REASSIGN: _t(RUNNING | PAUSED, None, MANAGER),
}


def national_status(state: str) -> int:
    return NATIONAL_STATUS[State(state)]


def allowed_actions(state: str, role: str) -> list[Action]:
    """The actions a person of `role` may take on a dossier in `state` (for the screens)."""
    return [
        action
        for action, rule in TRANSITIONS.items()
        if State(state) in rule.sources and role in rule.roles
    ]


class StepSeat(Protocol):
    """Who a step is for: a role of an agency, and the officer named to it, if any."""

    @property
    def role(self) -> str: ...
    @property
    def agency_id(self) -> int: ...
    @property
    def handler_id(self) -> int | None: ...


def holds_step(
    role: str,
    agency_id: int | None,
    step: StepSeat,
    *,
    user_id: int | None,
) -> bool:
    """A step named to an officer is done by that officer (whatever their agency: joint
    processing); one named to nobody by anyone of the role and the agency it names. A
    centre manager stands in for anyone."""
    if role == MANAGER:
        return True
    if step.handler_id is not None:
        return user_id == step.handler_id and role == step.role
    return role == step.role and agency_id == step.agency_id


def may_take_over(role: str, agency_id: int | None, step: StepSeat, *, user_id: int | None) -> bool:
    """The others of the step's role and agency take over a step named to someone else."""
    return (
        step.handler_id is not None
        and user_id != step.handler_id
        and role == step.role
        and agency_id == step.agency_id
    )


def actions_now(
    state: str, role: str, agency_id: int | None, step: StepSeat | None, *, user_id: int | None
) -> list[Action]:
    """What a person may do now on a dossier in `state` at its current `step` (for the
    screens: no button that can only fail): the step's own actions only if they hold it,
    taking it over when it is named to a colleague, (re)assigning it as a centre manager."""

    def possible(action: Action) -> bool:
        if action in STEP_ACTIONS:
            return step is not None and holds_step(role, agency_id, step, user_id=user_id)
        if action == Action.TAKE_OVER:
            return step is not None and may_take_over(role, agency_id, step, user_id=user_id)
        if action == Action.REASSIGN:
            return step is not None
        return True

    return [action for action in allowed_actions(state, role) if possible(action)]
