"""Upkeep of the legal clock: re-projecting due moments after a calendar change, and
the processing rules an administrator edits (a change of the law is a new row from its
effective date)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.dossiers import reprojection
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import ProcessingRule
from motcua.units.models import Agency


@transaction.atomic
def dossiers_reproject(*, agency: Agency | None = None, first_day: date | None = None) -> int:
    """Recompute the due moment of every dossier whose clock runs, of `agency` (every
    agency when None), with the calendar as it is now; return how many changed.

    An apology's new appointment is a promise on paper and is left alone; `first_day`
    skips dossiers due before that day (a change of the calendar cannot move them). The
    work is done in bulk by `reprojection.reproject`.
    """
    changed = reprojection.reproject(agency=agency, first_day=first_day)
    if changed:
        audit_record(
            actor=None,
            action="dossiers.reproject",
            agency=agency,
            payload={"changed": changed, "first_day": first_day},
        )
    return changed


@transaction.atomic
def processing_rule_save(*, actor: User, rule: ProcessingRule) -> ProcessingRule:
    """Create or change a processing rule (the admin's form). A change of the law is a new
    row from its effective date; editing a row changes it for every dossier it governs."""
    if not actor.has_perm("dossiers.change_processingrule"):
        raise DossierError(_("Bạn không có quyền sửa quy định tiếp nhận, xử lý hồ sơ."))
    previous = ProcessingRule.objects.filter(pk=rule.pk).values().first() if rule.pk else None
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor,
        action="dossiers.rule_save",
        target=rule,
        payload={
            "before": previous,
            "after": ProcessingRule.objects.filter(pk=rule.pk).values().get(),
        },
    )
    return rule
