"""`motcua catalog audit` and its admin page: what in the catalogue in force needs a look.

Facts without a source or checked too long ago (setting CATALOG_RECHECK_DAYS), legal bases
citing a text that data/catalog/repealed.toml says was replaced, procedures without a
national code. The rules are plain functions in sources.py; this reads the database.
"""

import tomllib
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureVersion, in_force_q
from motcua.catalog.selectors import today
from motcua.catalog.sources import Fact, Finding, Repeal, audit, parse_repealed, parse_sources

REPEALED_FILE = Path(settings.BASE_DIR) / "data" / "catalog" / "repealed.toml"

KIND_LABELS = {
    "unsourced": _("Chưa có nguồn"),
    "stale": _("Quá hạn đối chiếu lại"),
    "repealed": _("Căn cứ đã bị thay thế"),
    "no_code": _("Chưa có mã thủ tục"),
}


def repealed_texts(path: Path = REPEALED_FILE) -> dict[str, Repeal]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return parse_repealed(raw, parse_sources(raw.get("sources", {})))


def catalogue_findings(*, on_date: date | None = None) -> list[Finding]:
    """The report for the versions in force on `on_date` (today by default)."""
    on_date = on_date or today()
    versions = list(
        ProcedureVersion.objects.filter(in_force_q(on_date))
        .select_related("procedure")
        .prefetch_related("documents", "fees", "steps")
        .order_by("procedure__search_text")
    )
    facts: list[Fact] = []
    for v in versions:
        name = v.procedure.name
        facts.append(Fact(name, "time", v.processing_time_label, v.time_source_specs))
        facts += [Fact(name, "fee", f.label, f.source_specs) for f in v.fees.all()]
        facts += [Fact(name, "document", d.name, d.source_specs) for d in v.documents.all()]
        facts += [Fact(name, "step", s.name, s.source_specs) for s in v.steps.all()]
    return audit(
        facts=facts,
        legal_bases=[(v.procedure.name, line) for v in versions for line in v.legal_basis_lines],
        codes=[(v.procedure.name, v.procedure.code) for v in versions],
        repeals=repealed_texts(),
        today=on_date,
        recheck_days=settings.CATALOG_RECHECK_DAYS,
    )
