"""Dossiers (hồ sơ) from receipt to return, with their legal clock, and the processing
rules the clock follows.

Every write goes through `motcua.dossiers.actions`; the models hold the data and the
invariants the database can enforce. Moments are stored in UTC and read in VN time.

The models live in modules by what they hold: `dossier` (the dossier, its checklist, its
steps, the processing rules), `requests` (supplements, financial obligations, withdrawal
and stop requests), `notices` (refusals, apologies, stop and early-return notices),
`results` (electronic results), and `models_attachments` (scans). Django registers the
models, and callers import them, from here.
"""

from motcua.dossiers.models.dossier import (
    STATE_CHOICES,
    STATE_LABELS,
    Channel,
    Dossier,
    DossierDocument,
    DossierStep,
    ProcessingRule,
    SupplementPolicy,
    Timing,
)
from motcua.dossiers.models.notices import (
    Apology,
    EarlyReturnNotice,
    Refusal,
    RefusalStage,
    StopNotice,
)
from motcua.dossiers.models.requests import (
    FinancialObligation,
    StopRequest,
    SupplementAnswer,
    SupplementItem,
    SupplementRequest,
    Withdrawal,
)

# result_path: migration 0006 names it here.
from motcua.dossiers.models.results import ResultDocument, result_path
from motcua.dossiers.models_attachments import Attachment

__all__ = [
    "STATE_CHOICES",
    "STATE_LABELS",
    "Apology",
    "Attachment",
    "Channel",
    "Dossier",
    "DossierDocument",
    "DossierStep",
    "EarlyReturnNotice",
    "FinancialObligation",
    "ProcessingRule",
    "Refusal",
    "RefusalStage",
    "ResultDocument",
    "StopNotice",
    "StopRequest",
    "SupplementAnswer",
    "SupplementItem",
    "SupplementPolicy",
    "SupplementRequest",
    "Timing",
    "Withdrawal",
    "result_path",
]
