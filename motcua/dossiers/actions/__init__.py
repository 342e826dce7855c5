"""Every write to a dossier, by stage of its life (the kernel holds what they share).

- `receipt`: received at the counter, refused there; `new_dossier`, the one way a
  dossier row is created (the portal's submission goes through it too).
- `pauses`: a supplement request and the complete dossier back; a financial obligation.
- `processing`: steps handed on, approval, refusal after appraisal, the result ready.
- `closing`: the result returned (or announced early), apology, withdrawal, stop.
- `online`: the citizen's submission, supplement and stop request; the counter's
  receipt or refusal of an online dossier.
- `handlers`: who handles the step in progress: taken over, (re)assigned.
- `results`: the electronic result attached or revoked.
- `rules`: re-projection after a calendar change, processing rules.

Every public action is keyword-only and typed, one transaction, and records one audit
event through `kernel.record`. This package re-exports them, so that callers write
`actions.dossier_approve(...)`.
"""

from motcua.dossiers.actions.closing import (
    dossier_apologise,
    dossier_return_early,
    dossier_return_result,
    dossier_stop,
    dossier_withdraw,
)
from motcua.dossiers.actions.handlers import dossier_reassign, dossier_take_over
from motcua.dossiers.actions.inputs import Applicant, DocumentIn, OnlineFile, SupplementItemIn
from motcua.dossiers.actions.online import (
    dossier_accept_online,
    dossier_accept_online_with_supplement,
    dossier_refuse_online,
    dossier_stop_request,
    dossier_submit_online,
    dossier_supplement_submit_online,
)
from motcua.dossiers.actions.pauses import (
    dossier_financial_obligation_fulfil,
    dossier_financial_obligation_request,
    dossier_supplement_receive,
    dossier_supplement_request,
)
from motcua.dossiers.actions.processing import (
    dossier_approve,
    dossier_mark_processed,
    dossier_refuse_after_appraisal,
    dossier_transfer,
)
from motcua.dossiers.actions.receipt import (
    APPLICANT_DETAILS_READ,
    Receipt,
    applicant_details_read_record,
    dossier_receive,
    dossier_refuse_at_reception,
)
from motcua.dossiers.actions.results import result_document_attach, result_document_revoke
from motcua.dossiers.actions.rules import dossiers_reproject, processing_rule_save
from motcua.dossiers.errors import (
    DossierConflict,
    DossierError,
    DossierNotFound,
    IdempotencyMismatch,
)

__all__ = [
    "APPLICANT_DETAILS_READ",
    "Applicant",
    "DocumentIn",
    "DossierConflict",
    "DossierError",
    "DossierNotFound",
    "IdempotencyMismatch",
    "OnlineFile",
    "Receipt",
    "SupplementItemIn",
    "applicant_details_read_record",
    "dossier_accept_online",
    "dossier_accept_online_with_supplement",
    "dossier_apologise",
    "dossier_approve",
    "dossier_financial_obligation_fulfil",
    "dossier_financial_obligation_request",
    "dossier_mark_processed",
    "dossier_reassign",
    "dossier_receive",
    "dossier_refuse_after_appraisal",
    "dossier_refuse_at_reception",
    "dossier_refuse_online",
    "dossier_return_early",
    "dossier_return_result",
    "dossier_stop",
    "dossier_stop_request",
    "dossier_submit_online",
    "dossier_supplement_receive",
    "dossier_supplement_request",
    "dossier_supplement_submit_online",
    "dossier_take_over",
    "dossier_transfer",
    "dossier_withdraw",
    "dossiers_reproject",
    "processing_rule_save",
    "result_document_attach",
    "result_document_revoke",
]
