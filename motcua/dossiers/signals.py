"""Signals of the dossier lifecycle.

`dossier_transition_recorded` is sent inside the transition's transaction, right after its
audit event, with keyword arguments `dossier` (the saved instance), `actor`, `action` (a
`states.Action`), `from_state` and `to_state` ("" for a new dossier): what a receiver
writes (the notification outbox) commits or rolls back with the transition.

`dossier_transitioned` is sent after the transition commits, with `dossier_id`, `action`,
`from_state` and `to_state`: for work that must only see committed state.
"""

from django.dispatch import Signal

dossier_transition_recorded = Signal()
dossier_transitioned = Signal()
