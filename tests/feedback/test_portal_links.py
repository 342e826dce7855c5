"""The portal's dossier page offers rating exactly when the rating service accepts it."""

from django.urls import reverse

from motcua.dossiers.states import State
from motcua.feedback.services import rating_submit_online
from motcua.hall.models import RatingValue


def test_returned_dossier_offers_rating_until_rated(client, citizen, own_dossier) -> None:
    dossier = own_dossier(State.RETURNED)
    client.force_login(citizen)
    page_url, rate_url = (
        reverse(n, args=[dossier.pk]) for n in ("portal:dossier", "feedback:rate")
    )
    assert rate_url in client.get(page_url).content.decode()
    rating_submit_online(actor=citizen, dossier=dossier, value=RatingValue.SATISFIED)
    assert rate_url not in client.get(page_url).content.decode()


def test_processed_dossier_without_electronic_result_offers_no_rating(
    client, citizen, own_dossier
) -> None:
    dossier = own_dossier(State.PROCESSED)
    client.force_login(citizen)
    page = client.get(reverse("portal:dossier", args=[dossier.pk])).content.decode()
    assert reverse("feedback:rate", args=[dossier.pk]) not in page
