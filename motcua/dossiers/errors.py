"""What a refused dossier action raises: a message fit to show the person who tried it."""

from django.http import Http404


class DossierError(Exception):
    """A refused action; `message` is fit to show the person who tried it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DossierNotFound(DossierError, Http404):
    """Out of the actor's scope, or no such dossier: the same answer for both."""


class DossierConflict(DossierError):
    """Someone else changed the dossier since the actor's screen was drawn."""


class IdempotencyMismatch(DossierError):
    """The idempotency key already made a dossier from another request; nothing written."""
