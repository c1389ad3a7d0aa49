"""Reading generated PDFs back in tests: the text in logical order (PDFium, which orders right-to-left runs
and the digits inside them correctly; pypdf reverses digit runs in Persian lines) and the pages as images."""

from __future__ import annotations

from pathlib import Path

import pytest

pdfium = pytest.importorskip("pypdfium2")


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text, lines joined with newlines."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(doc))]
    finally:
        doc.close()


def pdf_images(pdf: bytes, directory: Path, stem: str, scale: float = 1.5) -> list[Path]:
    """Each page as a PNG (to look at: the closing notes say which were opened)."""
    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for i in range(len(doc)):
            path = Path(directory) / f"{stem}-{i + 1}.png"
            doc[i].render(scale=scale).to_pil().save(path)
            out.append(path)
    finally:
        doc.close()
    return out
