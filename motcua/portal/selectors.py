"""Reads of the portal, each scoped to the signed-in citizen: another citizen's draft,
file or dossier does not exist (404)."""

from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from motcua.accounts.models import User
from motcua.accounts.selectors import citizen_profile
from motcua.catalog.models import DocumentRequirement, OnlineLevel, Procedure, ProcedureVersion
from motcua.catalog.selectors import procedure_get, procedure_search, procedure_version_on, today
from motcua.catalog.specs import EformFieldSpec, parse_eform_fields
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_scope
from motcua.portal import eforms
from motcua.portal.models import Draft, DraftFile
from motcua.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel
from motcua.units.selectors import valid_on


@dataclass(frozen=True)
class OnlineProcedure:
    procedure: Procedure
    version: ProcedureVersion


def online_procedures(*, query: str = "", on_date: date | None = None) -> list[OnlineProcedure]:
    """Procedures in force whose current version is offered online (fully or partly),
    matching the search words; with that version, for its level badge."""
    on_date = on_date or today()
    procedures = list(procedure_search(query=query, on_date=on_date))
    versions = {
        v.procedure_id: v
        for v in ProcedureVersion.objects.filter(procedure__in=procedures, valid_from__lte=on_date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
        .exclude(online_level=OnlineLevel.OFFLINE)
    }
    return [OnlineProcedure(p, versions[p.pk]) for p in procedures if p.pk in versions]


def online_procedure(*, code: str, on_date: date | None = None) -> OnlineProcedure:
    """A procedure by its national code or slug, with the version in force, when it is
    offered online; Http404 otherwise."""
    procedure = procedure_get(key=code)
    version = (
        procedure_version_on(procedure=procedure, on_date=on_date or today())
        if procedure is not None
        else None
    )
    if procedure is None or version is None or version.online_level == OnlineLevel.OFFLINE:
        raise Http404
    return OnlineProcedure(procedure, version)


def eform_fields(*, version: ProcedureVersion) -> tuple[EformFieldSpec, ...]:
    return parse_eform_fields(version.form_fields)


def online_agencies(*, procedure: Procedure) -> QuerySet[Agency]:
    """The agencies that receive this procedure's dossiers online: the active People's
    Committees of the procedure's level (a citizen applies to their own ward)."""
    return Agency.objects.filter(
        is_active=True, kind=AgencyKind.PEOPLES_COMMITTEE, unit__level=procedure.agency_level
    ).select_related("unit")


def unit_names(*, on_date: date | None = None) -> list[str]:
    """Province names in force, suggested for `unit` fields (a home town is a province);
    any other unit can still be typed."""
    return list(
        AdministrativeUnit.objects.filter(valid_on(on_date or today()), level=UnitLevel.PROVINCE)
        .order_by("name")
        .values_list("name", flat=True)
    )


def draft_find(*, user: User, procedure: Procedure) -> Draft | None:
    # With its procedure (the caller's, no query) and agency (the form shows it).
    draft = Draft.objects.filter(owner=user, procedure=procedure).select_related("agency").first()
    if draft is not None:
        draft.procedure = procedure
    return draft


def draft_get(*, user: User, pk: int) -> Draft:
    return get_object_or_404(Draft.objects.select_related("procedure"), owner=user, pk=pk)


def draft_file_get(*, user: User, pk: int) -> DraftFile:
    return get_object_or_404(DraftFile.objects.select_related("draft"), draft__owner=user, pk=pk)


def draft_bytes(*, user: User) -> int:
    """Bytes of the files the citizen keeps in all their drafts (CITIZEN_STORAGE_MAX_BYTES)."""
    return DraftFile.objects.filter(draft__owner=user).aggregate(total=Sum("size"))["total"] or 0


def my_drafts(*, user: User) -> QuerySet[Draft]:
    return Draft.objects.filter(owner=user).select_related("procedure")


def my_dossiers(*, user: User) -> QuerySet[Dossier]:
    """The citizen's own dossiers, newest first (a citizen sees only what they own)."""
    return (
        dossier_scope(Dossier.objects.all(), user=user)
        .filter(owner=user)
        .select_related("procedure", "agency")
        .order_by("-created_at", "-pk")
    )


def initial_values(
    *, user: User, fields: tuple[EformFieldSpec, ...], draft: Draft | None
) -> dict[str, str]:
    """What the form shows: the draft's values over the profile's ("once-only")."""
    profile = citizen_profile(user=user)
    values = eforms.prefill_values(fields, asdict(profile))
    if draft is not None:
        values.update({k: v for k, v in draft.values.items() if v})
    return values


@dataclass(frozen=True)
class Checklist:
    requirement: DocumentRequirement
    files: list[DraftFile]

    @property
    def missing(self) -> bool:
        return self.requirement.is_mandatory and not self.files


def checklist(*, version: ProcedureVersion, draft: Draft | None) -> list[Checklist]:
    """Each document of the version with the files the draft holds for it."""
    files: dict[int, list[DraftFile]] = {}
    if draft is not None:
        for item in draft.files.all():
            files.setdefault(item.requirement_id, []).append(item)
    return [Checklist(r, files.get(r.pk, [])) for r in version.documents.all()]
