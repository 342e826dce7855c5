"""The kiosk keeps the centre's working calendar: outside working hours or on a day off it
says when the centre opens again, and no path issues a ticket (the service refuses).

At fixed moments of the default calendar (08:00-12:00, 13:00-17:00, Monday to Friday,
the statutory holidays off)."""

from datetime import date, datetime

import pytest
from django.utils import translation

from motcua.accounts.models import Role
from motcua.core.tz import VN_TZ
from motcua.hall import selectors
from motcua.hall.models import Ticket
from motcua.hall.services.bookings import appointment_book
from motcua.hall.services.common import HallError
from motcua.hall.services.tickets import appointment_check_in, ticket_issue
from motcua.workdays.models import OverrideKind
from motcua.workdays.services import calendar_override_set
from tests.factories import OfficerFactory
from tests.hall.factories import HallSetup

pytestmark = [pytest.mark.django_db, pytest.mark.opening_hours]


def vn(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


SATURDAY = vn(2026, 12, 5, 10)  # not a make-up day
LUNCH = vn(2026, 12, 8, 12, 30)  # Tuesday
EVENING = vn(2026, 12, 4, 17, 30)  # Friday
NATIONAL_DAY = vn(2026, 9, 2, 10)  # Wednesday, Quốc khánh (1-2/9 off)
WORKING = vn(2026, 12, 8, 10)  # Tuesday

CLOSED = [
    pytest.param(
        SATURDAY,
        "Hôm nay trung tâm nghỉ (Thứ Bảy, nghỉ hằng tuần). "
        "Mở cửa lại lúc 08:00 thứ Hai, 07/12/2026.",
        id="saturday",
    ),
    pytest.param(
        LUNCH,
        "Trung tâm đang ngoài giờ làm việc. Mở cửa lại lúc 13:00 thứ Ba, 08/12/2026.",
        id="lunch",
    ),
    pytest.param(
        EVENING,
        "Trung tâm đang ngoài giờ làm việc. Mở cửa lại lúc 08:00 thứ Hai, 07/12/2026.",
        id="evening",
    ),
    pytest.param(
        NATIONAL_DAY,
        "Hôm nay trung tâm nghỉ (Quốc khánh). Mở cửa lại lúc 08:00 thứ Năm, 03/09/2026.",
        id="holiday",
    ),
]


@pytest.mark.parametrize(("moment", "message"), CLOSED)
def test_no_ticket_while_the_centre_is_closed(hall_a: HallSetup, moment, message) -> None:
    with pytest.raises(HallError) as refused:
        ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=moment)
    assert refused.value.message == message
    assert not Ticket.objects.exists()


def test_a_ticket_during_working_hours(hall_a: HallSetup) -> None:
    assert selectors.hall_closure(hall=hall_a.hall, at=WORKING) is None
    assert ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=WORKING).code == "A001"
    # The periods are half-open: 12:00 is lunch, 13:00 work again.
    assert selectors.hall_closure(hall=hall_a.hall, at=vn(2026, 12, 8, 12)) is not None
    assert selectors.hall_closure(hall=hall_a.hall, at=vn(2026, 12, 8, 13)) is None


def test_a_confirmed_make_up_saturday_is_a_working_day(hall_a: HallSetup) -> None:
    admin = OfficerFactory.create(role=Role.SYSTEM_ADMIN, is_superuser=True)
    calendar_override_set(
        actor=admin,
        day=date(2026, 12, 5),
        kind=OverrideKind.WORKING_DAY,
        reason="Làm bù",
        confirmed=True,
        agency=hall_a.hall.agency,
    )
    assert ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=SATURDAY).code == "A001"


def test_a_booking_is_not_checked_in_after_hours(hall_a: HallSetup) -> None:
    slot = selectors.appointment_slots(group=hall_a.civil, day=date(2026, 12, 8))[-1]
    booked = appointment_book(
        group=hall_a.civil,
        slot_start=slot.start,
        citizen_name="Nguyễn Văn An",
        phone="0912345678",
        at=vn(2026, 12, 7, 9),
    )
    with pytest.raises(HallError, match="Trung tâm đang ngoài giờ làm việc"):
        appointment_check_in(booking_code=booked.booking_code, at=vn(2026, 12, 8, 17, 5))
    assert not Ticket.objects.exists()


# --- the kiosk page ----------------------------------------------------------------------


@pytest.fixture
def kiosk_at(monkeypatch: pytest.MonkeyPatch):
    """The kiosk's page as at a fixed moment (the view asks at the wall clock's now)."""
    real = selectors.hall_closure

    def at(moment: datetime) -> None:
        monkeypatch.setattr(
            selectors, "hall_closure", lambda *, hall, at: real(hall=hall, at=moment)
        )

    return at


@pytest.mark.parametrize(("moment", "message"), CLOSED)
def test_closed_kiosk_says_when_it_opens_and_offers_no_number(
    hall_a: HallSetup, kiosk, kiosk_at, moment, message
) -> None:
    kiosk_at(moment)
    url = f"/hall/{hall_a.hall.pk}/kiosk/"
    response = kiosk.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'data-testid="kiosk-form"' not in page and 'data-testid="check-in-form"' not in page
    assert response["Refresh"] == "60"  # it offers numbers again when work starts
    refused = kiosk.post(url, {"group": hall_a.civil.pk})
    assert refused.status_code == 400 and message in refused.content.decode()
    assert not Ticket.objects.exists()


def test_open_kiosk_offers_the_groups(hall_a: HallSetup, kiosk, kiosk_at) -> None:
    kiosk_at(WORKING)
    page = kiosk.get(f"/hall/{hall_a.hall.pk}/kiosk/").content.decode()
    assert 'data-testid="kiosk-form"' in page and "Hộ tịch" in page
    assert "ngoài giờ làm việc" not in page


def test_the_message_in_english(hall_a: HallSetup) -> None:
    closure = selectors.hall_closure(hall=hall_a.hall, at=EVENING)
    assert closure is not None
    with translation.override("en"):
        assert closure.message == (
            "The centre is outside its working hours. Opens again at 08:00 on Monday, 07/12/2026."
        )


def test_a_flood_of_kiosk_posts_gets_no_more_tickets_than_the_limit(
    hall_a: HallSetup, kiosk, kiosk_at, settings
) -> None:
    kiosk_at(WORKING)
    settings.KIOSK_RATE_LIMIT = 5
    url = f"/hall/{hall_a.hall.pk}/kiosk/"
    answers = [kiosk.post(url, {"group": hall_a.civil.pk}).status_code for _ in range(12)]
    assert answers.count(302) == 5 and answers.count(429) == 7
    assert Ticket.objects.count() == 5
    refused = kiosk.post(url, {"group": hall_a.civil.pk})
    assert "Vui lòng chờ một phút" in refused.content.decode()
