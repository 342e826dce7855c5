"""The demo hall of the Phường Từ Liêm service centre."""

import pytest

from motcua.accounts import demo as accounts_demo
from motcua.hall import demo
from motcua.hall.models import Counter, Hall, ServiceGroup


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
