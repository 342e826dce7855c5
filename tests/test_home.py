"""The public home page leads to what people come for: tracking, verifying a result,
the catalogue and the online services (and booking a visit)."""

import pytest
from django.urls import reverse

from tests.conftest import fits_the_phone

ENTRIES = {
    "entry-tracking": ("Tra cứu hồ sơ", "tracking:search"),
    "entry-verify": ("Xác minh kết quả", "verify:search"),
    "entry-catalog": ("Danh mục thủ tục", "catalog:list"),
    "entry-portal": ("Dịch vụ công trực tuyến", "portal:home"),
}


def test_home_page_leads_to_tracking_verification_catalogue_and_online_services(client, db):
    body = client.get("/").content.decode()
    for testid, (title, url_name) in ENTRIES.items():
        link = body.split(f'data-testid="{testid}"', 1)[0].rsplit("<a ", 1)[1]
        assert f'href="{reverse(url_name)}"' in link, testid
        assert title in body.split(f'data-testid="{testid}"', 1)[1].split("</a>", 1)[0]
    assert f'href="{reverse("hall_booking:halls")}"' in body


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_each_home_entry_opens_its_page_on_a_computer_and_a_phone(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    for testid, (title, url_name) in ENTRIES.items():
        page.goto(live_server.url + "/")
        fits_the_phone(page)
        entry = page.get_by_test_id(testid)
        assert entry.is_visible()
        box = entry.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        entry.get_by_text(title).click()
        page.wait_for_url(live_server.url + reverse(url_name) + "**")
        fits_the_phone(page)
