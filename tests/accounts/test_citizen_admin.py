"""The administrator sees a citizen's profile fields and VNeID links, and cannot add one."""

from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import ExternalIdentity


def test_profile_fields_and_linked_identities_are_shown_read_only(client, sysadmin, citizen):
    now = timezone.now()
    ExternalIdentity.objects.create(
        issuer="https://vneid.example/o",
        subject="sub-123",
        user=citizen,
        linked_at=now,
        last_used_at=now,
    )
    client.force_login(sysadmin)
    page = client.get(reverse("admin:accounts_user_change", args=[citizen.pk])).content.decode()
    assert 'name="birth_date"' in page and 'name="address"' in page
    listing = client.get(reverse("admin:accounts_externalidentity_changelist")).content.decode()
    assert "sub-123" in listing
    assert client.get(reverse("admin:accounts_externalidentity_add")).status_code == 403
