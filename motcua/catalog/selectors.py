"""Reads of the catalogue. Everything here is public information: no scoping needed."""

from datetime import date
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils import timezone

from motcua.catalog.caching import cached
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion, in_force_q
from motcua.catalog.sources import source_specs
from motcua.catalog.specs import (
    VERSION_COLUMNS,
    DocumentSpec,
    ExemptionSpec,
    FeeSpec,
    StepSpec,
    VersionContent,
)
from motcua.catalog.text import fold, search_terms
from motcua.core.tz import VN_TZ


def today() -> date:
    return timezone.localdate(timezone=VN_TZ)


def procedure_version_on(
    *, procedure: Procedure, on_date: date, with_fees: bool = True
) -> ProcedureVersion | None:
    """The version in force on that date, with its documents, steps and (unless
    `with_fees` is False: receiving a dossier needs none) fees; or None."""

    def read() -> ProcedureVersion | None:
        related: list[str | Prefetch[Any]] = ["documents", "steps"]
        if with_fees:
            related.append(Prefetch("fees", queryset=Fee.objects.prefetch_related("exemptions")))
        return (
            ProcedureVersion.objects.filter(procedure=procedure, valid_from__lte=on_date)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
            .select_related("procedure__field")
            .prefetch_related(*related)
            .first()
        )

    return cached(f"version:{procedure.pk}:{on_date.isoformat()}:{int(with_fees)}", read)


def procedure_versions(*, procedure: Procedure) -> QuerySet[ProcedureVersion]:
    """Every version of a procedure, newest first: the history shown on its page."""
    return ProcedureVersion.objects.filter(procedure=procedure).order_by("-valid_from")


def procedure_search(
    *, query: str, field: Field | None = None, on_date: date | None = None
) -> QuerySet[Procedure]:
    """Procedures in force whose name, code or keywords hold every word of the query,
    diacritics and case ignored. Those holding the whole phrase come first, and among
    them the shortest name: "khai sinh" ranks "Đăng ký khai sinh" first."""
    procedures = Procedure.objects.filter(in_force_q(on_date or today())).select_related("field")
    if field is not None:
        procedures = procedures.filter(field=field)
    terms = search_terms(query)
    for term in terms:
        procedures = procedures.filter(search_text__contains=term)
    if not terms:
        return procedures
    phrase = fold(query)
    return procedures.annotate(
        rank=Case(
            When(search_text__startswith=phrase, then=Value(0)),
            When(search_text__contains=phrase, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", Length("name"), "search_text")  # the shortest name is the most specific


def procedure_get(*, key: str) -> Procedure | None:
    """A procedure by its slug or its national code (both appear in links)."""
    return cached(
        f"procedure:{key}",
        lambda: (
            Procedure.objects.select_related("field")
            .filter(Q(slug=key) | (Q(code=key) & ~Q(code="")))
            .first()
        ),
    )


def field_list(*, on_date: date | None = None) -> QuerySet[Field]:
    """Fields in force that hold at least one procedure in force, with the count."""
    on_date = on_date or today()
    in_force = Q(procedures__valid_from__isnull=True) | Q(procedures__valid_from__lte=on_date)
    in_force &= Q(procedures__valid_to__isnull=True) | Q(procedures__valid_to__gte=on_date)
    return (
        Field.objects.filter(in_force_q(on_date))
        .annotate(procedure_count=Count("procedures", filter=in_force))
        .filter(procedure_count__gt=0)
    )


def field_get(*, slug: str) -> Field | None:
    return Field.objects.filter(slug=slug).first()


def version_content(*, version: ProcedureVersion) -> VersionContent:
    """A saved version as the plain data the services take, to tell whether an edit changes it."""
    return VersionContent(
        **{
            column: getattr(version, column)
            for column in VERSION_COLUMNS
            if column != "time_sources"
        },
        time_sources=source_specs(version.time_sources),
        documents=tuple(
            DocumentSpec(
                name=d.name,
                form=d.form,
                count=d.count,
                condition=d.condition,
                sources=d.source_specs,
            )
            for d in version.documents.all()
        ),
        fees=tuple(
            FeeSpec(
                label=f.label,
                amount=f.amount,
                basis=f.basis,
                note=f.note,
                exemptions=tuple(
                    ExemptionSpec(category=e.category, text=e.text) for e in f.exemptions.all()
                ),
                sources=f.source_specs,
            )
            for f in version.fees.all()
        ),
        steps=tuple(
            StepSpec(name=s.name, role=s.role, budget=s.budget, sources=s.source_specs)
            for s in version.steps.all()
        ),
    )
