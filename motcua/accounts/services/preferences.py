"""What a person chooses for themselves on their account: the language of the pages."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.language import is_language
from motcua.accounts.models import User
from motcua.core.audit import audit_record


@transaction.atomic
def user_language_set(*, actor: User, language: str) -> User:
    """Keep `language` on the actor's own account: it follows them to every device."""
    if not is_language(language):
        raise ValidationError(_("Ngôn ngữ không được hỗ trợ."))
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.language == language:
        return user
    user.language = language
    user.save(update_fields=["language"])
    audit_record(
        actor=actor,
        action="account.language_set",
        target=user,
        agency=None,
        payload={"language": language},
    )
    actor.language = language
    return user
