"""Who read a person's full record: every read by an officer of a dossier with its
applicant's details (the page, the API, the admin), every search by ID number and every
export of a list is an access event in the audit log, hash-chained like a state change.

The event goes on the chain of the reader's agency, in a transaction of its own: it takes
that chain's head lock for the time of one INSERT and one UPDATE, not for the page.
On PostgreSQL that transaction commits without waiting for the disk (synchronous_commit
off, for it alone): a crash of the database server may lose the reads of its last
fraction of a second, never a state change, and the chain stays whole (the event and
its head commit together or not at all). The page does not wait for a disk flush.
`make bench` measures what it adds to the dossier page.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from motcua.core.audit import audit_events_for, audit_record
from motcua.core.models import AuditEvent

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.units.models import Agency

ACCESS_ACTION = "personal_data.read"


class AccessChannel(models.TextChoices):
    PAGE = "page", _("Xem trang hồ sơ")
    API = "api", _("Xem qua API")
    SEARCH = "search", _("Tìm theo số định danh")
    EXPORT = "export", _("Xuất danh sách")
    ADMIN = "admin", _("Xem trong trang quản trị")


def access_record(
    *,
    actor: "User",
    channel: AccessChannel,
    agency: "Agency | None",
    target: models.Model | None = None,
    payload: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """One read of personal data by `actor` (the check that they may read it has passed).
    `payload`: what was read when not one `target`, e.g. {"count": 120} for an export.
    Never put the ID number itself in it."""
    # Only a transaction of its own commits without waiting: inside a caller's, the
    # setting would reach the caller's writes too.
    own = not connection.in_atomic_block
    with transaction.atomic():
        if own and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        return audit_record(
            actor=actor,
            action=ACCESS_ACTION,
            target=target,
            agency=agency,
            payload={"channel": channel.value, **(payload or {})},
        )


def access_events_for(*, target: models.Model) -> QuerySet[AuditEvent]:
    """The reads of one record, oldest first (the caller checked the viewer may see them)."""
    return audit_events_for(target=target).filter(action=ACCESS_ACTION)


def channel_label(event: AuditEvent) -> str:
    channel = event.payload.get("channel", "")
    return str(AccessChannel(channel).label) if channel in AccessChannel.values else channel


class AdminReadLogged:
    """ModelAdmin mixin: opening an object's page in the admin records an access event
    when `shows_personal_data(obj)`."""

    def shows_personal_data(self, obj: Any) -> bool:
        return True

    def render_change_form(
        self, request: HttpRequest, context: Any, *args: Any, obj: Any = None, **kwargs: Any
    ) -> HttpResponse:
        if obj is not None and request.method == "GET" and self.shows_personal_data(obj):
            actor: Any = request.user
            access_record(actor=actor, channel=AccessChannel.ADMIN, agency=actor.agency, target=obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)  # type: ignore[misc]
