"""Signals of the dossier lifecycle.

`dossier_transitioned` is sent after the transition commits, with `dossier_id`, `action`,
`from_state` and `to_state`: for work that must only see committed state. (What an act
writes with it, such as the citizen's notification, the act does itself, in its
transaction.)
"""

from django.dispatch import Signal

dossier_transitioned = Signal()
