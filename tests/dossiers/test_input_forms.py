"""The counter's form: what it sends is normalised like every form's, found by every
spelling in the queue, and its one-time key is bound to what it sent first."""

import unicodedata

import pytest
from django.urls import reverse

from motcua.core.models import AuditEvent
from motcua.dossiers.models import Dossier
from tests.dossiers.test_views import receive_data

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hường"


def test_a_name_typed_decomposed_at_the_counter_is_found_in_the_queue_by_every_spelling(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    typed = unicodedata.normalize("NFD", "Ngu\u200byễn Thị Hường")
    client.post(reverse("dossiers:receive"), receive_data(steps_procedure, applicant_name=typed))
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == NAME
    for spelling in (NAME, unicodedata.normalize("NFD", NAME), "nguyen thi huong", "HƯỜNG"):
        page = client.get(reverse("dossiers:queue"), {"q": spelling}).content.decode()
        assert dossier.code in page, spelling


def test_a_bel_in_a_name_at_the_counter_is_refused_and_nothing_is_written(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    data = receive_data(steps_procedure, applicant_name="Nguyễn\x07 An")
    response = client.post(reverse("dossiers:receive"), data)
    assert response.status_code == 400
    assert "ký tự điều khiển (U+0007)" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_counter_form_sent_again_with_other_content_writes_nothing_and_gets_a_new_key(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    url = reverse("dossiers:receive")
    client.post(url, receive_data(steps_procedure, key="k-1"))
    first = Dossier.objects.get()
    events = AuditEvent.objects.count()
    again = client.post(url, receive_data(steps_procedure, key="k-1", applicant_name="Trần Bình"))
    assert again.status_code == 400
    assert first.code in again.content.decode()
    assert Dossier.objects.get() == first and AuditEvent.objects.count() == events
    renewed = again.context["form"]["idempotency_key"].value()
    assert renewed != "k-1"
    # Sent once more, the form now makes the other dossier.
    data = receive_data(steps_procedure, key=renewed, applicant_name="Trần Bình")
    assert client.post(url, data).status_code == 302
    assert Dossier.objects.count() == 2


def test_the_counter_form_sent_twice_as_it_was_makes_one_dossier(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    url = reverse("dossiers:receive")
    first = client.post(url, receive_data(steps_procedure, key="k-2"))
    second = client.post(url, receive_data(steps_procedure, key="k-2"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Dossier.objects.count() == 1


def test_a_nul_in_a_page_address_is_a_400_not_a_500(client, officer_a, received):
    client.force_login(officer_a)
    response = client.get(f"/dossiers/{received.code}%00/")
    assert response.status_code == 400
    assert "ký tự điều khiển (U+0000)" in response.content.decode()
