"""Gapless per-agency number sequences."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """A per-agency sequence (dossier codes per day, slip numbers per year). The row is
    locked in the transaction that uses the number, so a rollback leaves no gap."""

    agency = models.ForeignKey("units.Agency", on_delete=models.CASCADE, related_name="+")
    # e.g. "code:2024-07-24", "apology:2024", "stop:2024"
    scope = models.CharField(max_length=40)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số")
        verbose_name_plural = _("bộ đếm số")
        constraints = [
            models.UniqueConstraint(fields=["agency", "scope"], name="dossiers_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.scope} {self.last}"
