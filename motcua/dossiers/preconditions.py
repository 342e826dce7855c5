"""Conditions that apps above dossiers set on receiving an online dossier: the extension
point by which dossiers asks, without importing them, whether anything they own forbids
the receipt (payments: the fees are not settled).

An app registers a check under its own name in its `AppConfig.ready()`:
`RECEIPT_PRECONDITIONS["fees"] = check`. A check only reads: it gets the dossier and
answers None (nothing against) or the Vietnamese message that tells the officer why not.
`dossier_accept_online` refuses while any check objects; the dossier page shows each
check's answer by its name.
"""

from collections.abc import Callable

from motcua.dossiers.models import Dossier

ReceiptPrecondition = Callable[[Dossier], str | None]

RECEIPT_PRECONDITIONS: dict[str, ReceiptPrecondition] = {}


def receipt_blockers(*, dossier: Dossier) -> dict[str, str]:
    """The message of each registered check that objects to receiving `dossier`, by the
    check's name; empty when it may be received."""
    answers = {name: check(dossier) for name, check in RECEIPT_PRECONDITIONS.items()}
    return {name: message for name, message in answers.items() if message is not None}
