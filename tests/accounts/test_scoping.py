"""The scoping layer, proved on the staff directory with the four personas."""

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import SignInAttempt, User
from motcua.accounts.scoping import (
    can_see_agency,
    get_scoped_object_or_404,
    scope_to_agencies,
    visible_agency_ids,
)
from motcua.units.models import Agency
from tests.factories import OfficerFactory


@pytest.fixture
def colleague_a(agency_a):
    return OfficerFactory.create(
        username="dongnghiep_a", last_name="Phạm Văn", first_name="Tú", agency=agency_a
    )


def staff_routes(officer):
    return [reverse("accounts:staff_list"), reverse("accounts:staff_detail", args=[officer.pk])]


def test_officer_sees_the_officers_of_their_agency(client, officer_a, colleague_a, officer_b):
    client.force_login(officer_a)
    body = client.get(reverse("accounts:staff_list")).content.decode()
    assert "Phạm Văn Tú" in body
    assert reverse("accounts:staff_detail", args=[colleague_a.pk]) in body
    assert reverse("accounts:staff_detail", args=[officer_b.pk]) not in body
    detail = client.get(reverse("accounts:staff_detail", args=[colleague_a.pk]))
    assert detail.status_code == 200
    assert "Phạm Văn Tú" in detail.content.decode()


def test_officer_of_ward_b_gets_404_for_ward_a_officer(client, officer_a, officer_b):
    client.force_login(officer_b)
    response = client.get(reverse("accounts:staff_detail", args=[officer_a.pk]))
    assert response.status_code == 404


def test_officer_of_ward_b_does_not_see_ward_a_in_the_list(client, officer_a, officer_b):
    client.force_login(officer_b)
    body = client.get(reverse("accounts:staff_list")).content.decode()
    assert "canbo_a" not in body
    assert reverse("accounts:staff_detail", args=[officer_a.pk]) not in body


def test_citizen_gets_404_on_every_staff_route(client, officer_a, citizen):
    client.force_login(citizen)
    for url in staff_routes(officer_a):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_sign_in_on_every_staff_route(client, officer_a):
    for url in staff_routes(officer_a):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_officer_id_is_404(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("accounts:staff_detail", args=[999_999])).status_code == 404


def test_citizen_account_is_not_in_the_staff_directory(client, officer_a, citizen):
    client.force_login(officer_a)
    assert client.get(reverse("accounts:staff_detail", args=[citizen.pk])).status_code == 404


def test_centre_manager_sees_the_agencies_of_the_same_ward(
    client, manager_a, officer_a, officer_b, centre_a, agency_a, agency_b
):
    assert visible_agency_ids(manager_a) == {centre_a.pk, agency_a.pk}
    client.force_login(manager_a)
    assert client.get(reverse("accounts:staff_detail", args=[officer_a.pk])).status_code == 200
    assert client.get(reverse("accounts:staff_detail", args=[officer_b.pk])).status_code == 404


def test_counter_officer_at_the_centre_sees_only_the_centre(
    counter_at_centre_a, centre_a, agency_a
):
    assert visible_agency_ids(counter_at_centre_a) == {centre_a.pk}
    assert not can_see_agency(counter_at_centre_a, agency_a.pk)


def test_system_administrator_sees_every_agency(client, sysadmin, officer_b):
    assert visible_agency_ids(sysadmin) is None
    client.force_login(sysadmin)
    assert client.get(reverse("accounts:staff_detail", args=[officer_b.pk])).status_code == 200


def test_anonymous_citizen_and_inactive_officer_see_no_agency(officer_a, citizen):
    from django.contrib.auth.models import AnonymousUser

    officer_a.is_active = False
    for user in (AnonymousUser(), citizen, officer_a):
        assert visible_agency_ids(user) == set()
        assert not scope_to_agencies(Agency.objects.all(), user=user, agency_field="pk").exists()


def test_citizen_sees_only_records_they_own_through_owner_field(citizen, officer_a):
    other = User.objects.create_user("congdan_khac", kind="citizen")
    # Sign-in log rows stand in for citizen-owned records: each has a `user`.
    now = timezone.now()
    mine = SignInAttempt.objects.create(at=now, username="congdan", user=citizen, outcome="ok")
    theirs = SignInAttempt.objects.create(at=now, username="khac", user=other, outcome="ok")
    records = SignInAttempt.objects.all()
    scoped = scope_to_agencies(
        records, user=citizen, agency_field="user__agency", owner_field="user"
    )
    assert list(scoped) == [mine]
    assert get_scoped_object_or_404(records, user=citizen, owner_field="user", pk=mine.pk) == mine
    with pytest.raises(Http404):
        get_scoped_object_or_404(records, user=citizen, owner_field="user", pk=theirs.pk)
    # Without an owner field, citizens see nothing at all.
    assert not scope_to_agencies(records, user=citizen, agency_field="user__agency").exists()


def test_agency_field_may_be_a_lookup_path(officer_a, officer_b):
    scoped = scope_to_agencies(User.objects.all(), user=officer_a, agency_field="agency__pk")
    assert set(scoped) == {officer_a}
