"""The default processing rules: one row per legal text, editable in the admin."""

from datetime import date, time

from django.db import migrations

RULES = [
    {
        "valid_from": date(2018, 6, 21),
        "legal_basis": "Nghị định số 61/2018/NĐ-CP\nThông tư số 01/2018/TT-VPCP",
        "unconfirmed_note": "",
    },
    {
        "valid_from": date(2025, 7, 1),
        "legal_basis": "Nghị định số 118/2025/NĐ-CP (sửa đổi bởi Nghị định số 367/2025/NĐ-CP)\n"
        "Thông tư số 03/2025/TT-VPCP",
        "unconfirmed_note": (
            "Giờ chuyển sang ngày làm việc tiếp theo (15:00) và hạn xin lỗi trước 1 ngày "
            "làm việc lấy theo Nghị định 61/2018 và Thông tư 01/2018; chưa đối chiếu với "
            "văn bản thay thế."
        ),
    },
]


def seed(apps, schema_editor):
    ProcessingRule = apps.get_model("dossiers", "ProcessingRule")
    for row in RULES:
        ProcessingRule.objects.get_or_create(
            valid_from=row["valid_from"],
            defaults={
                "cutoff": time(15),
                "supplement_policy": "restart",
                "supplement_request_days": 3,
                "apology_min_days": 1,
                "apology_limit": 1,
                "legal_basis": row["legal_basis"],
                "unconfirmed_note": row["unconfirmed_note"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
