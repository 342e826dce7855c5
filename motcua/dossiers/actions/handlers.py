"""Who handles the step in progress: an officer of its role and agency takes over a step
named to a colleague ("Nhận xử lý"); a centre manager assigns it, or gives it to another
officer ("Giao lại"). The dossier's state does not change; the officers concerned read it
in their inbox."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.dossiers.actions import kernel
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.states import Action, may_take_over
from motcua.notifications.models import Channel
from motcua.notifications.services import notification_enqueue


def _tell(officer: User, dossier: Dossier, subject: str) -> None:
    """An in-app message to an officer about a step of `dossier` (in the site's language,
    written now for whenever they read it)."""
    link = settings.SITE_URL.rstrip("/") + reverse("dossiers:detail", args=[dossier.code])
    notification_enqueue(
        kind="dossier.handler",
        subject=subject,
        body=f"{subject}\n{link}",
        user=officer,
        channels=(Channel.IN_APP,),
        dossier=dossier,
    )


def _hand(
    actor: User,
    dossier: Dossier,
    step: DossierStep,
    handler: User,
    action: Action,
    from_state: str,
    reason: str,
) -> Dossier:
    previous = step.handler
    step.handler = handler
    step.save(update_fields=["handler"])
    return kernel.record(
        actor,
        dossier,
        action,
        from_state,
        reason=reason,
        payload={
            "step": step.name,
            "from_handler": previous.pk if previous else None,
            "from_name": previous.get_full_name() if previous else "",
            "to_handler": handler.pk,
            "to_name": handler.get_full_name(),
        },
    )


@transaction.atomic
def dossier_take_over(
    *,
    actor: User,
    dossier: Dossier | int,
    reason: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The actor, of the step's role and agency, becomes the handler of a step named to
    a colleague (away, busy); the colleague is told."""
    dossier = kernel.begin(actor, dossier, Action.TAKE_OVER, expected_version)
    step = kernel.current_step(dossier)
    previous = step.handler
    if previous is None or previous.pk == actor.pk:
        raise DossierError(
            _("Bước “%(step)s” không giao cho cán bộ khác: không cần nhận xử lý.")
            % {"step": step.name}
        )
    if not may_take_over(actor.role, actor.agency_id, step, user_id=actor.pk):
        raise DossierError(
            _("Chỉ %(role)s của %(agency)s nhận xử lý bước “%(step)s”.")
            % {"role": kernel.role_label(step.role), "agency": step.agency.name, "step": step.name}
        )
    updated = _hand(actor, dossier, step, actor, Action.TAKE_OVER, dossier.state, reason.strip())
    with translation.override(settings.LANGUAGE_CODE):
        _tell(
            previous,
            dossier,
            _("%(name)s đã nhận xử lý bước “%(step)s” của hồ sơ %(code)s.")
            % {"name": actor.get_full_name(), "step": step.name, "code": dossier.code},
        )
    return updated


@transaction.atomic
def dossier_reassign(
    *,
    actor: User,
    dossier: Dossier | int,
    handler: User,
    reason: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """A centre manager names the officer who handles the step in progress: one of its
    role at its agency (`selectors.step_handlers`). Both officers are told."""
    dossier = kernel.begin(actor, dossier, Action.REASSIGN, expected_version)
    step = kernel.current_step(dossier)
    kernel.check_handler(handler, step.agency, step.role)
    previous = step.handler
    if previous is not None and previous.pk == handler.pk:
        raise DossierError(
            _("Bước “%(step)s” đã được giao cho %(name)s.")
            % {"step": step.name, "name": handler.get_full_name()}
        )
    updated = _hand(actor, dossier, step, handler, Action.REASSIGN, dossier.state, reason.strip())
    with translation.override(settings.LANGUAGE_CODE):
        words = {"step": step.name, "code": dossier.code, "name": handler.get_full_name()}
        if handler.pk != actor.pk:
            _tell(
                handler,
                dossier,
                _("Bạn được giao xử lý bước “%(step)s” của hồ sơ %(code)s.") % words,
            )
        if previous is not None and previous.pk != actor.pk:
            _tell(
                previous,
                dossier,
                _("Bước “%(step)s” của hồ sơ %(code)s đã được giao lại cho %(name)s.") % words,
            )
    return updated
