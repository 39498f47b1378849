"""Real PDFs from templates (WeasyPrint). Fonts are the system's (DejaVu covers Estonian and Cyrillic).

No network: WeasyPrint may fetch nothing but files under the static folders (the url fetcher refuses
everything else), so a template can never leak a request to the outside.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"PDF templates may not load external resources: {url}")


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from django.utils import translation
    from weasyprint import HTML

    # Rendered without a request: the template gets the language it is written in.
    html = render_to_string(template, {"LANGUAGE_CODE": translation.get_language() or "et", **context})
    return bytes(HTML(string=html, url_fetcher=_no_fetch).write_pdf())


def pdf_response(template: str, context: dict[str, Any], filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # personal data: never kept by browsers or proxies
    return response
