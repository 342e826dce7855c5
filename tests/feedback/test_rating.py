"""Online rating after the result: the owner rates once; everyone else finds nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from motcua.core.models import AuditEvent
from motcua.dossiers.actions import result_document_attach, result_document_revoke
from motcua.dossiers.states import State
from motcua.feedback.selectors import dossier_rateable
from motcua.feedback.services import FeedbackError, FeedbackNotFound, rating_submit_online
from motcua.hall.models import Rating, RatingChannel
from tests.dossiers.factories import in_parallel
from tests.factories import CitizenFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_owner_rates_a_returned_dossier_online(own_dossier, citizen):
    dossier = own_dossier()
    rating = rating_submit_online(
        actor=citizen, dossier=dossier, value="very_satisfied", comment="  Nhanh, gọn  "
    )
    assert (rating.channel, rating.ticket, rating.dossier) == (RatingChannel.ONLINE, None, dossier)
    assert (rating.value, rating.comment) == ("very_satisfied", "Nhanh, gọn")
    event = AuditEvent.objects.get(action="feedback.rating_online")
    assert (event.actor, event.target_id, event.payload["value"]) == (
        citizen,
        str(dossier.pk),
        "very_satisfied",
    )


def test_second_rating_of_the_same_dossier_is_refused_and_changes_nothing(own_dossier, citizen):
    dossier = own_dossier()
    rating_submit_online(actor=citizen, dossier=dossier, value="satisfied", comment="")
    events = AuditEvent.objects.count()
    with pytest.raises(FeedbackError, match="đã đánh giá hồ sơ này"):
        rating_submit_online(actor=citizen, dossier=dossier, value="not_satisfied", comment="x")
    assert list(Rating.objects.values_list("value", flat=True)) == ["satisfied"]
    assert AuditEvent.objects.count() == events


def test_dossier_without_its_result_cannot_be_rated(own_dossier, citizen):
    dossier = own_dossier(State.RECEIVED)
    events = AuditEvent.objects.count()
    with pytest.raises(FeedbackError, match="sau khi hồ sơ đã có kết quả"):
        rating_submit_online(actor=citizen, dossier=dossier, value="satisfied", comment="")
    assert not Rating.objects.exists()
    assert AuditEvent.objects.count() == events


def test_electronic_result_opens_the_rating_until_it_is_revoked(
    own_dossier, citizen, officer_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dossier = own_dossier(State.PROCESSED)
    assert not dossier_rateable(dossier=dossier)
    result = result_document_attach(
        actor=officer_a, dossier=dossier, upload=SimpleUploadedFile("kq.pdf", PDF)
    )
    assert dossier_rateable(dossier=dossier)
    result_document_revoke(actor=officer_a, document=result, reason="Cấp nhầm")
    assert not dossier_rateable(dossier=dossier)
    with pytest.raises(FeedbackError, match="sau khi hồ sơ đã có kết quả"):
        rating_submit_online(actor=citizen, dossier=dossier, value="satisfied")


@pytest.mark.parametrize(
    ("value", "comment", "message"),
    [
        ("so-so", "", "mức độ hài lòng"),
        ("", "", "mức độ hài lòng"),
        ("satisfied", "x" * 1001, "quá dài"),
    ],
)
def test_bad_rating_is_refused_with_a_message(own_dossier, citizen, value, comment, message):
    dossier = own_dossier()
    with pytest.raises(FeedbackError, match=message):
        rating_submit_online(actor=citizen, dossier=dossier, value=value, comment=comment)
    assert not Rating.objects.exists()


def test_other_citizen_and_officers_cannot_rate_the_dossier(own_dossier, officer_a, officer_b):
    dossier = own_dossier()
    for actor in (CitizenFactory.create(), officer_a, officer_b):
        with pytest.raises(FeedbackNotFound):
            rating_submit_online(actor=actor, dossier=dossier, value="satisfied", comment="")
    assert not Rating.objects.exists()


def test_database_holds_one_online_rating_per_dossier(own_dossier, citizen):
    dossier = own_dossier()
    rating_submit_online(actor=citizen, dossier=dossier, value="satisfied", comment="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            channel=RatingChannel.ONLINE, dossier=dossier, value="satisfied", at=dossier.due_at
        )


def test_database_refuses_a_device_rating_without_ticket(own_dossier):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            channel=RatingChannel.DEVICE,
            dossier=own_dossier(),
            value="satisfied",
            at=timezone.now(),
        )


@pytest.mark.django_db(transaction=True)
def test_two_ratings_sent_at_once_record_one(own_dossier, citizen):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: run with DATABASE_URL=postgres://...")
    dossier = own_dossier()
    results = in_parallel(
        *[
            lambda: rating_submit_online(actor=citizen, dossier=dossier, value="satisfied")
            for _ in range(4)
        ]
    )
    assert sum(isinstance(r, Rating) for r in results) == 1
    assert all(isinstance(r, Rating | FeedbackError) for r in results)
    assert Rating.objects.filter(dossier=dossier).count() == 1
