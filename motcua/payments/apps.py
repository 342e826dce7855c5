from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = _("Phí, lệ phí và thanh toán")

    def ready(self) -> None:
        from motcua.dossiers.preconditions import RECEIPT_PRECONDITIONS
        from motcua.payments import checks  # noqa: F401 - registers the system checks
        from motcua.payments.selectors import dossier_fees_precondition

        RECEIPT_PRECONDITIONS["fees"] = dossier_fees_precondition
