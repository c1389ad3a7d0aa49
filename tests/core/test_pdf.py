"""The PDF base: Persian text comes out as words in order (read back with a PDF text extractor), the font is
the package's own, and nothing is fetched from the network."""

from __future__ import annotations

import io

import pytest

from tests.pdf_utils import pdf_text

pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def template(tmp_path, settings):
    import copy

    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates  # assigning (not mutating) resets the template engines
    (tmp_path / "t.html").write_text(
        '{% extends "pdf/base.html" %}{% block content %}<h1>صورتجلسه کارگروه</h1>'
        "<p>{{ when }}</p>{% endblock %}",
        encoding="utf-8",
    )
    return "t.html"


def test_persian_words_come_out_in_order(template, weasyprint):
    from jahesh.core.pdf import render_pdf

    pdf = render_pdf(template, {"when": "۱۴۰۵/۰۹/۱۳"})
    (text,) = pdf_text(pdf)
    assert "صورتجلسه" in text and "کارگروه" in text
    assert text.index("صورتجلسه") < text.index("کارگروه")
    assert "۱۴۰۵/۰۹/۱۳" in text
    assert "صفحه ۱ از ۱" in text


def test_the_font_is_embedded_vazirmatn(template, weasyprint):
    from jahesh.core.pdf import render_pdf

    reader = pypdf.PdfReader(io.BytesIO(render_pdf(template, {"when": "x"})))
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("Vazirmatn" in name for name in fonts), fonts


def test_nothing_is_fetched_from_outside(weasyprint):
    from jahesh.core.pdf import _fetcher

    fetcher = _fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("https://cdn.example.org/font.woff2")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
