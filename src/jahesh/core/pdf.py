"""Persian PDFs (minutes, bank reports, revival plans) from Django templates with WeasyPrint.

``render_pdf("meetings/minutes_pdf.html", context, lang="fa") -> bytes``. The template extends
``pdf/base.html``, which sets the page (A4, margins), the vendored Vazirmatn font (read from the package by a
``file://`` URL: nothing is fetched from the network — any other URL is refused), right-to-left text for
Persian, and page numbers "page X of Y" in Persian digits (CSS ``counter(page, persian)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

FONT_DIR = Path(settings.BASE_DIR) / "static" / "jahesh" / "vendor" / "vazirmatn"


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    root = Path(settings.BASE_DIR).resolve()

    class PackageOnly(URLFetcher):  # type: ignore[misc]
        """Fetches the package's own files and refuses everything else (no network, no other files)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("file://"):
                raise ValueError(f"PDFs load nothing from outside the package: {url}")
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            if not path.is_relative_to(root):
                raise ValueError(f"PDFs load only the package's own files: {url}")
            return super().fetch(url, headers)

    return PackageOnly(allowed_protocols={"file"})


def render_pdf(template: str, context: dict[str, Any], *, lang: str = "fa") -> bytes:
    from weasyprint import HTML

    with translation.override(lang):
        html = render_to_string(
            template,
            {
                **context,
                "LANG": lang,
                "DIR": "rtl" if lang.startswith("fa") else "ltr",
                "IS_FA": lang.startswith("fa"),
                "FONT_REGULAR": (FONT_DIR / "Vazirmatn-Regular.woff2").as_uri(),
                "FONT_BOLD": (FONT_DIR / "Vazirmatn-Bold.woff2").as_uri(),
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetcher()).write_pdf()
