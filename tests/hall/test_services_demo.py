"""The demo hall of the Phường Từ Liêm service centre."""

import pytest
from django.test import Client

from motcua.accounts import demo as accounts_demo
from motcua.hall import demo
from motcua.hall.models import Counter, Device, Hall, ServiceGroup


@pytest.mark.django_db
def test_demo_hall_has_four_groups_and_six_counters_and_loads_twice_the_same() -> None:
    accounts_demo.load()
    first = demo.load()
    demo.load()
    hall = Hall.objects.get()
    assert hall.agency.name == "Trung tâm phục vụ hành chính công phường Từ Liêm"
    assert list(ServiceGroup.objects.values_list("code", "name")) == [
        ("A", "Hộ tịch"),
        ("B", "Chứng thực"),
        ("C", "Đất đai - Xây dựng"),
        ("D", "Kinh doanh"),
    ]
    assert Counter.objects.count() == 6
    # Every group is served by at least two counters.
    for group in ServiceGroup.objects.all():
        assert group.counters.count() >= 2
    assert "6 quầy" in first


@pytest.mark.django_db
def test_demo_hall_enrols_a_kiosk_a_board_and_a_rating_device_and_reissues_their_links(
    settings,
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8000"
    accounts_demo.load()
    first = demo.load()
    second = demo.load()
    devices = Device.objects.order_by("kind")
    assert [(d.kind, d.name, d.revoked_at) for d in devices] == [
        ("board", "Bảng hiển thị sảnh chính", None),
        ("kiosk", "Kiosk cửa chính", None),
        ("rating", "Đánh giá Quầy 1", None),
    ]
    assert devices[0].created_by.username == "tuliem.quanly"
    links = [line.rsplit(" ", 1)[1] for line in second.splitlines() if "/hall/enrol/" in line]
    assert len(links) == 3 and all(
        link.startswith("http://127.0.0.1:8000/hall/enrol/") for link in links
    )
    kiosk_link = next(line for line in second.splitlines() if "Kiosk cửa chính" in line)
    path = kiosk_link.rsplit(" ", 1)[1].removeprefix("http://127.0.0.1:8000")
    assert Client().get(path)["Location"] == f"/hall/{Hall.objects.get().pk}/kiosk/"
    stale = next(line for line in first.splitlines() if "Kiosk cửa chính" in line)
    assert (
        Client().get(stale.rsplit(" ", 1)[1].removeprefix("http://127.0.0.1:8000")).status_code
        == 403
    )
