"""A procedure version whose step nobody in a ward at work could do is refused when saved
in the admin, with the gap named — not found later on a citizen's stuck dossier."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from motcua.accounts.models import User
from motcua.catalog import refdata
from motcua.catalog.models import Procedure, ProcedureVersion
from tests.factories import OfficerFactory

BUSINESS = "dang-ky-thanh-lap-ho-kinh-doanh"


@pytest.fixture
def admin_client(demo_ward, client: Client) -> Client:
    user = OfficerFactory.create(username="quanly.danhmuc", role="manager", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog"))
    client.force_login(user)
    return client


def _rows(prefix: str, rows: list[dict[str, object]]) -> dict[str, object]:
    data: dict[str, object] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": sum(1 for row in rows if "id" in row),
    }
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{key}": value for key, value in row.items()}
    return data


def _change_form(version: ProcedureVersion, **changes: object) -> dict[str, object]:
    """What the admin's change page posts for `version` as it is, with `changes`."""
    data: dict[str, object] = {
        "procedure": version.procedure_id,
        "valid_from": f"{version.valid_from:%d/%m/%Y}",
        "valid_to": "",
        "time_amount": version.time_amount,
        "time_unit": version.time_unit,
        "time_note": version.time_note,
        "result": version.result,
        "legal_basis": version.legal_basis,
        "online_level": version.online_level,
        "online_reason": version.online_reason,
        "unconfirmed_note": version.unconfirmed_note,
        "form_fields": "[]",
        "competent_kind": version.competent_kind,
        "time_unconfirmed": "on" if version.time_unconfirmed else "",
    }
    columns = {
        "documents": ["position", "name", "form", "count", "condition"],
        "fees": ["position", "label", "amount", "basis", "note"],
        "steps": ["position", "name", "role", "budget"],
    }
    for prefix, names in columns.items():
        rows = [
            {"id": row.pk, "version": version.pk}
            | {name: "" if getattr(row, name) is None else getattr(row, name) for name in names}
            for row in getattr(version, prefix).all()
        ]
        data |= _rows(prefix, rows)
    return data | changes


def test_a_version_decided_by_an_agency_without_a_signer_is_refused_with_the_gap_named(
    admin_client: Client,
) -> None:
    User.objects.filter(username="tuliem.truongcongan").update(is_active=False)
    version = Procedure.objects.get(slug=BUSINESS).versions.get()
    url = f"/admin/catalog/procedureversion/{version.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, _change_form(version, competent_kind="congan"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa lưu" in page
    assert (
        "Phường Từ Liêm — “Đăng ký thành lập hộ kinh doanh”, bước “Trưởng phòng ký Giấy "
        "chứng nhận đăng ký hộ kinh doanh”: Công an phường Từ Liêm không có Lãnh đạo phê "
        "duyệt nào đang làm việc."
    ) in page
    version.refresh_from_db()
    assert version.competent_kind == "phong" and not version.edited_locally


def test_a_version_whose_office_lost_its_only_specialist_is_refused(admin_client) -> None:
    User.objects.filter(username="tuliem.chuyenvien").update(is_active=False)
    version = Procedure.objects.get(slug=BUSINESS).versions.get()
    url = f"/admin/catalog/procedureversion/{version.pk}/change/"
    response = admin_client.post(url, _change_form(version))
    assert response.status_code == 200
    assert "Phòng Kinh tế, Hạ tầng và Đô thị phường Từ Liêm không có Chuyên viên" in (
        response.content.decode()
    )


def test_a_version_every_ward_at_work_can_do_is_saved(admin_client) -> None:
    version = Procedure.objects.get(slug=BUSINESS).versions.get()
    url = f"/admin/catalog/procedureversion/{version.pk}/change/"
    response = admin_client.post(url, _change_form(version, competent_kind="ubnd"))
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    version.refresh_from_db()
    assert version.competent_kind == "ubnd" and version.edited_locally


def test_a_new_version_with_a_gap_is_not_added(admin_client) -> None:
    User.objects.filter(username="tuliem.truongphong").update(is_active=False)
    procedure = Procedure.objects.get(slug=BUSINESS)
    version = procedure.versions.get()
    data = _change_form(version, valid_from="01/01/2031")
    for key in list(data):
        if key.endswith("-id") or key.endswith("-version"):
            del data[key]
    data |= {f"{prefix}-INITIAL_FORMS": 0 for prefix in ("documents", "fees", "steps")}
    ProcedureVersion.objects.filter(pk=version.pk).update(valid_to="2030-12-31")
    response = admin_client.post("/admin/catalog/procedureversion/add/", data)
    assert response.status_code == 200
    assert "không có Lãnh đạo phê duyệt nào đang làm việc" in response.content.decode()
    assert procedure.versions.count() == 1


def test_reloading_the_catalogue_warns_of_a_gap_without_failing(demo_ward) -> None:
    User.objects.filter(username="tuliem.congan").update(is_active=False)
    summary = refdata.load()
    warnings = [line for line in summary.splitlines() if line.startswith("Cảnh báo:")]
    assert len(warnings) == 2, summary  # permanent and temporary residence
    assert all("Công an phường Từ Liêm không có Chuyên viên" in line for line in warnings)
