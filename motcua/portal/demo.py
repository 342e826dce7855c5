"""The demo citizen's online dossiers: `motcua demo load` (after the accounts' demo).

Two birth registrations submitted online through the real services, waiting in the ward's
online queue: one free (no extract copies: the counter can receive it at once) and one
with two copies owed (to pay in the sandbox gateway). Idempotent: each has a fixed
submission key, and an existing one is left as the demo user made it.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.demo import CITIZEN_USERNAME
from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_version_on
from motcua.core.tz import VN_TZ
from motcua.dossiers.actions import Applicant, OnlineFile, dossier_submit_online
from motcua.dossiers.models import Dossier
from motcua.payments.services.assessment import dossier_fee_assess
from motcua.units.models import Agency

BIRTH_REGISTRATION = "1.001193"
# The demo ward's people's committee (motcua.accounts.demo), competent for civil status.
WARD_COMMITTEE = "000.00.92.H26"
# A scan stand-in: the smallest file the upload check accepts as a PDF.
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"

CHILDREN = [
    ("demo-portal-1", "Đỗ Minh Khang", "Nam", 0),
    ("demo-portal-2", "Đỗ Ngọc Hà", "Nữ", 2),
]


def _form(child: str, sex: str, copies: int) -> dict[str, str]:
    born = timezone.localdate(timezone.now(), VN_TZ) - timedelta(days=12)
    return {
        "child_name": child,
        "child_sex": sex,
        "child_birth_date": born.isoformat(),
        "child_birth_place": "Bệnh viện Phụ sản Hà Nội",
        "child_ethnicity": "01",
        "child_nationality": "VN",
        "child_home_town": "Thành phố Hà Nội",
        "mother_name": "Nguyễn Thị Thu",
        "mother_birth_year": "1994",
        "mother_ethnicity": "01",
        "mother_nationality": "VN",
        "mother_residence": "Phường Từ Liêm, Hà Nội",
        "relation": "Cha",
        "copies": str(copies),
    }


@transaction.atomic
def load() -> str:
    citizen = User.objects.filter(username=CITIZEN_USERNAME).first()
    agency = Agency.objects.filter(eid_code=WARD_COMMITTEE).first()
    procedure = Procedure.objects.filter(code=BIRTH_REGISTRATION).first()
    if citizen is None or agency is None or procedure is None:
        return "Hồ sơ trực tuyến mẫu: bỏ qua (thiếu tài khoản, cơ quan hoặc thủ tục mẫu).\n"
    version = procedure_version_on(procedure=procedure, on_date=timezone.localdate())
    if version is None:
        return "Hồ sơ trực tuyến mẫu: bỏ qua (thủ tục không có phiên bản hiệu lực).\n"
    mandatory = [d for d in version.documents.all() if d.is_mandatory]
    created = 0
    for key, child, sex, copies in CHILDREN:
        if Dossier.objects.filter(owner=citizen, idempotency_key=key).exists():
            continue
        dossier = dossier_submit_online(
            actor=citizen,
            procedure=procedure,
            agency=agency,
            applicant=Applicant(
                name=citizen.get_full_name(),
                personal_id=citizen.personal_id,
                phone="0912000111",
                address="Số 5 Phú Đô, phường Từ Liêm, Hà Nội",
            ),
            files=[
                OnlineFile(d.pk, ContentFile(SCAN, name="giay-to.pdf"), f"{d.name[:60]}.pdf")
                for d in mandatory
            ],
            form_data=_form(child, sex, copies),
            idempotency_key=key,
        )
        dossier_fee_assess(actor=citizen, dossier=dossier, copies=copies)
        created += 1
    return f"Hồ sơ trực tuyến mẫu của {CITIZEN_USERNAME}: thêm {created}.\n"
