"""`dossier_transitioned` is sent after a dossier's transition commits, with keyword
arguments `dossier_id`, `action` (a `states.Action`), `from_state` and `to_state`
("" for a new dossier). Notifications subscribe to it."""

from django.dispatch import Signal

dossier_transitioned = Signal()
