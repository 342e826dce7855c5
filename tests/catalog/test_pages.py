"""Public pages through the Django test client (the browser tests are in test_browser.py)."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import OfficerFactory


def test_list_page_shows_procedures_and_fields(client, seeded_once, db):
    body = client.get("/procedures/").content.decode()
    assert "Đăng ký khai sinh" in body
    assert 'href="/procedures/field/chung-thuc/"' in body


def test_search_without_javascript_returns_the_whole_page(client, seeded_once, db):
    body = client.get("/procedures/", {"q": "dang ky ket hon"}).content.decode()
    assert "<html" in body
    assert "Đăng ký kết hôn" in body
    assert "Đăng ký khai tử" not in body


def test_htmx_search_returns_only_the_results(client, seeded_once, db):
    body = client.get("/procedures/", {"q": "khai tu"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body
    assert "Đăng ký khai tử" in body


def test_field_page_lists_only_that_field(client, seeded_once, db):
    body = client.get("/procedures/field/cu-tru/").content.decode()
    assert "Đăng ký thường trú" in body
    assert "Đăng ký khai sinh" not in body


def test_unknown_field_and_procedure_are_404(client, seeded_once, db):
    assert client.get("/procedures/field/khong-co/").status_code == 404
    assert client.get("/procedures/khong-co/").status_code == 404


def test_procedure_page_by_code_shows_what_a_citizen_needs(client, seeded_once, db):
    body = client.get("/procedures/2.000635/").content.decode()
    assert "Cấp bản sao Trích lục hộ tịch" in body
    assert "8.000 đồng/bản" in body  # Vietnamese thousands separator
    assert "chưa xác minh" in body  # the fee amount is flagged in the data
    assert "Trong ngày làm việc" in body
    assert "Xuất trình bản chính để đối chiếu" in body


def test_procedure_page_shows_fees_exemptions_steps_and_online_reason(client, seeded_once, db):
    body = client.get("/procedures/dang-ky-ket-hon/").content.decode()
    assert "miễn thu" in body
    assert "Công dân Việt Nam cư trú ở trong nước" in body
    assert "Một phần" in body and "Hai bên nam, nữ phải cùng có mặt" in body
    assert "Lãnh đạo phê duyệt, 0,15 ngày làm việc" in body
    assert "Luật Hộ tịch số 60/2014/QH13" in body


def test_procedure_page_before_any_version_says_so(client, seeded_once, db):
    body = client.get("/procedures/dang-ky-khai-sinh/", {"on": "2020-01-01"}).content.decode()
    assert "không có nội dung có hiệu lực vào ngày 1 tháng 1 năm 2020" in body


def test_bad_date_is_a_clear_400(client, seeded_once, db):
    response = client.get("/procedures/dang-ky-khai-sinh/", {"on": "hôm qua"})
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in response.content.decode()


@pytest.fixture
def manager(db):
    user = OfficerFactory.create(username="quanly", role="manager", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog"))
    return user


def admin_version_form(procedure_id: int, budgets: list[str]) -> dict[str, str]:
    data = {
        "procedure": str(procedure_id),
        "valid_from": "01/07/2025",
        "time_amount": "3",
        "time_unit": "working_days",
        "result": "Giấy xác nhận",
        "legal_basis": "Nghị định số 123/2015/NĐ-CP",
        "online_level": "full",
        "competent_kind": "ubnd",
    }
    for prefix, count in [("documents", 0), ("fees", 0), ("steps", len(budgets))]:
        data |= {f"{prefix}-TOTAL_FORMS": str(count), f"{prefix}-INITIAL_FORMS": "0"}
    for i, budget in enumerate(budgets):
        data |= {
            f"steps-{i}-position": str(i + 1),
            f"steps-{i}-name": f"Bước {i + 1}",
            f"steps-{i}-role": "specialist",
            f"steps-{i}-budget": budget,
        }
    return data


def test_admin_refuses_steps_that_do_not_add_up(client, manager, procedure):
    client.force_login(manager)
    url = "/admin/catalog/procedureversion/add/"
    response = client.post(url, admin_version_form(procedure.pk, ["1", "1"]))
    assert response.status_code == 200
    assert "phải bằng thời hạn giải quyết theo quy định (3 ngày làm việc)" in (
        response.content.decode()
    )
    assert not procedure.versions.exists()
    response = client.post(url, admin_version_form(procedure.pk, ["1", "2"]))
    assert response.status_code == 302
    version = procedure.versions.get()
    assert version.steps.count() == 2
    assert version.edited_locally  # so a reload of the seed will not undo it


def test_a_renamed_procedure_shows_at_once_on_the_cached_pages(client, procedure_2025):
    from motcua.catalog.services import procedure_upsert

    pages = ["/procedures/", "/procedures/?q=thu+nghiem", f"/procedures/{procedure_2025.slug}/"]
    for path in pages:
        assert "Thủ tục thử nghiệm" in client.get(path).content.decode()
    procedure_upsert(
        actor=None,
        slug=procedure_2025.slug,
        name="Thủ tục đã đổi tên",
        field=procedure_2025.field,
        code=procedure_2025.code,
        keywords="thu nghiem",
    )
    for path in pages:
        body = client.get(path).content.decode()
        assert "Thủ tục đã đổi tên" in body
        assert "Thủ tục thử nghiệm" not in body


def test_a_second_visit_reads_the_catalogue_from_the_cache(
    client, procedure_2025, django_assert_max_num_queries
):
    for path in ("/procedures/", f"/procedures/{procedure_2025.slug}/"):
        client.get(path)
        with django_assert_max_num_queries(2):  # the page's own lookups, not the listing's
            body = client.get(path).content.decode()
        assert "Thủ tục thử nghiệm" in body
