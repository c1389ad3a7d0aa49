"""Persian text helpers: digit sets, a search key, and tolerant decimal parsing.

Pure Python (no Django). Display text is stored as entered; `search_key` builds a separate column
that both the index and the query go through, so the same word typed on an Arabic keyboard, with or
without a half-space, or pasted from a PDF, finds the same records.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0..U+06F9
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # U+0660..U+0669
ASCII_DIGITS = "0123456789"

PERSIAN_DECIMAL_SEPARATOR = "٫"  # U+066B
PERSIAN_THOUSANDS_SEPARATOR = "٬"  # U+066C
ZWNJ = "\u200c"

_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN = str.maketrans(ASCII_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)

# Invisible direction marks and the BOM: removed outright, since they sit inside words and numbers
# when text is copied from RTL pages ("۱۴۰۳‏/۰۷").
BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
_STRIP_BIDI = str.maketrans(dict.fromkeys(map(ord, BIDI_CONTROLS)))


def to_ascii_digits(s: str) -> str:
    """Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII; everything else unchanged."""
    return s.translate(_TO_ASCII)


def to_persian_digits(s: str) -> str:
    """ASCII and Arabic-Indic digits to Persian digits; everything else unchanged."""
    return s.translate(_TO_PERSIAN)


def strip_bidi(s: str) -> str:
    """Remove invisible bidirectional marks (LRM, RLM, ALM, embeddings, isolates, BOM)."""
    return s.translate(_STRIP_BIDI)


# Letter variants folded for search. آ→ا as well: users rarely type the madda in a search box.
# ء (standalone hamza) is kept: dropping it would merge distinct words such as جزء and جز.
_LETTER_MAP = {
    "ي": "ی",  # U+064A Arabic yeh
    "ى": "ی",  # U+0649 alef maksura
    "ئ": "ی",  # U+0626 yeh with hamza
    "ې": "ی",  # U+06D0 yeh (Pashto/Uyghur), seen in pasted text
    "ك": "ک",  # U+0643 Arabic kaf
    "ڪ": "ک",  # U+06AA swash kaf
    "ة": "ه",  # U+0629 teh marbuta
    "ۃ": "ه",  # U+06C3 teh marbuta goal
    "ۀ": "ه",  # U+06C0 heh with yeh above (obsolete precomposed ezafe)
    "ہ": "ه",  # U+06C1 heh goal
    "ۂ": "ه",  # U+06C2 heh goal with hamza
    "ە": "ه",  # U+06D5 ae
    "أ": "ا",  # U+0623
    "إ": "ا",  # U+0625
    "ٱ": "ا",  # U+0671 alef wasla
    "آ": "ا",  # U+0622
    "ٲ": "ا",  # U+0672
    "ٳ": "ا",  # U+0673
    "ؤ": "و",  # U+0624
}

# Zero-width joiners and the characters some keyboards type for a half-space become word breaks.
_SPACE_LIKE = frozenset("\u200c\u200d\u00ac\u00ad\u200b\u2060")


def _is_presentation_form(c: str) -> bool:
    o = ord(c)
    return 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFE


def _is_arabic_diacritic(c: str) -> bool:
    o = ord(c)
    return 0x064B <= o <= 0x065F or o == 0x0670 or o == 0x0640  # harakat, superscript alef, tatweel


@lru_cache(maxsize=8192)
def _key_char(c: str) -> str:
    """Map one character (already NFC, presentation forms already expanded) for the search key."""
    if c in _LETTER_MAP:
        return _LETTER_MAP[c]
    if _is_arabic_diacritic(c) or c in BIDI_CONTROLS:
        return ""
    if c in _SPACE_LIKE:
        return " "
    category = unicodedata.category(c)
    if category == "Nd":
        return str(unicodedata.decimal(c))
    if category[0] in "LMN":
        return c.lower()
    # Punctuation («» ، ؛ - _ / . ,), symbols, separators and controls all split words.
    return " "


def _expand_presentation_forms(s: str) -> str:
    if not any(_is_presentation_form(c) for c in s):
        return s
    return "".join(unicodedata.normalize("NFKC", c) if _is_presentation_form(c) else c for c in s)


_SPACES = re.compile(r"\s+")


def search_key(s: str | None) -> str:
    """Normalised key for matching Persian/English text; idempotent. None gives ""."""
    if not s:
        return ""
    s = unicodedata.normalize("NFC", _expand_presentation_forms(str(s)))
    s = "".join(map(_key_char, s))
    # NFC again: removing a tatweel or a bidi mark can bring a Latin letter next to its combining accent.
    s = unicodedata.normalize("NFC", s)
    return _SPACES.sub(" ", s).strip()


# Characters accepted between digit groups of one number.
_GROUP_SEPARATORS = ",٬،" + " \u00a0\u202f\u2009\u200c"
_DECIMAL_RE = re.compile(
    r"(?P<sign>[-+]?)\s*"
    r"(?P<int>\d{1,3}(?:[" + _GROUP_SEPARATORS + r"]\d{3})+|\d*)"
    r"(?:[.٫](?P<frac>\d*))?"
)
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2010": "-", "\u2011": "-"})


def parse_decimal(s: str) -> Decimal:
    """Parse «۱٬۲۳۴٫۵», "1,234.5", "-۱۲" and similar into a Decimal; ValueError on anything else.

    Thousands separators must separate groups of exactly three digits, so "12,5" (a decimal comma)
    is rejected instead of being silently read as 125.
    """
    if isinstance(s, Decimal):
        return s
    if isinstance(s, int) and not isinstance(s, bool):
        return Decimal(s)
    if not isinstance(s, str):
        raise ValueError(f"Expected text containing a number, got {type(s).__name__}")
    text = strip_bidi(to_ascii_digits(s)).translate(_MINUS_SIGNS).strip()
    if not text:
        raise ValueError("Empty text is not a number")
    m = _DECIMAL_RE.fullmatch(text)
    if m is None or not (m["int"] or m["frac"]):
        raise ValueError(
            f"{s!r} is not a number: use digits, an optional leading minus, thousands separators between "
            "groups of three digits, and '.' or '٫' before decimals"
        )
    digits = re.sub(r"\D", "", m["int"]) or "0"
    try:
        return Decimal(f"{m['sign']}{digits}" + (f".{m['frac']}" if m["frac"] else ""))
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        raise ValueError(f"{s!r} is not a number") from None
