"""The printed official forms as PDFs (Circular 01/2018/TT-VPCP, succeeded by 03/2025): A5 slips
and the A4 dossier ledger, set in the shipped Liberation Serif, each with a QR code to the
public tracking page.

WeasyPrint renders the HTML templates under `*/printed/`. It may read nothing but the
shipped fonts and inline data: a form holds personal data, and rendering must never
reach the network (nor a file a template could name).
"""

from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

FONTS_DIR = (Path(settings.BASE_DIR) / "static" / "fonts").resolve()
# Forms are Vietnamese legal documents whatever language the officer's screen is in:
# build and render them under `translation.override(OFFICIAL_LANGUAGE)`.
OFFICIAL_LANGUAGE = "vi"


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here (Pango, a system library, is missing)."""

    message = _(
        "Không tạo được bản PDF: máy chủ thiếu thư viện Pango. "
        "Quản trị viên cần cài gói hệ thống (make system-deps)."
    )


def _weasyprint() -> Any:
    # Imported on first use: WeasyPrint loads Pango through cffi at import time and raises
    # OSError when it is absent; the rest of the site must keep working without it.
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(PdfUnavailable.message)) from error
    return weasyprint


def _local_fetcher(weasyprint: Any) -> Any:
    class LocalOnlyFetcher(weasyprint.urls.URLFetcher):
        """Inline data and the shipped fonts; anything else is refused."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if path.is_relative_to(FONTS_DIR) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url}: forms use local fonts and inline data")

    return LocalOnlyFetcher(allowed_protocols=("data", "file"))


def qr_data_uri(url: str) -> str:
    """A PNG QR code of `url` as a data URI (medium error correction survives a
    crumpled slip)."""
    png = segno.make(url, error="m").png_data_uri(scale=4, border=2)
    return str(png)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a template of `dossiers/printed/` to PDF bytes; PdfUnavailable without Pango."""
    html = render_to_string(template, {**context, "fonts_url": FONTS_DIR.as_uri()})
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """A printed page's HTML as PDF bytes, fetching nothing but inline data and the
    shipped fonts; PdfUnavailable without Pango."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, url_fetcher=_local_fetcher(weasyprint))
    return bytes(document.write_pdf())
