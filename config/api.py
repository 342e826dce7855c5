"""The JSON API under /api/v1/ (OpenAPI at /api/v1/docs)."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="motcua API",
    version="1",
    description="Một cửa điện tử — JSON API. Dữ liệu cá nhân chỉ trả về cho người có quyền.",
    urls_namespace="api",
)

api.add_router("/tracking", "motcua.dossiers.tracking.router")
api.add_router("/dossiers/", "motcua.dossiers.api.router")


@api.get("/health", tags=["system"], summary="Liveness check")
def health(request):  # type: ignore[no-untyped-def]
    return {"status": "ok"}
