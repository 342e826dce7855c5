"""The dossier lifecycle tells the citizen: a receiver of `dossier_transition_recorded`,
which runs inside the transition's transaction, so the outbox rows commit or roll back
with the change they announce."""

from typing import Any

from django.dispatch import receiver

from motcua.dossiers.models import Dossier
from motcua.dossiers.signals import dossier_transition_recorded
from motcua.notifications.dossier_messages import dossier_message
from motcua.notifications.services import citizen_language, notification_enqueue


@receiver(dossier_transition_recorded, dispatch_uid="notifications.dossier_transition")
def notify_citizen(
    sender: Any, *, dossier: Dossier, action: str, from_state: str, to_state: str, **kwargs: Any
) -> None:
    """The owner citizen (in-app, their phone and e-mail, else those on the dossier), or
    else the applicant's phone and e-mail on the dossier."""
    with citizen_language():
        message = dossier_message(
            dossier=dossier, action=action, from_state=from_state, to_state=to_state
        )
    if message is None:
        return
    owner = dossier.owner if dossier.owner_id else None
    notification_enqueue(
        kind=f"dossier.{action}",
        subject=message.subject,
        body=message.body,
        user=owner,
        phone=(owner.phone if owner else "") or dossier.applicant_phone,
        email=(owner.email if owner else "") or dossier.applicant_email,
        dossier=dossier,
    )
