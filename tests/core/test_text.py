"""Digit conversion, the Persian search key and tolerant decimal parsing."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from jahesh.core.text import parse_decimal, search_key, to_ascii_digits, to_persian_digits


def test_digits_convert_between_sets():
    assert to_ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert to_ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert to_ascii_digits("کد ۱۲ - ٣٤ abc") == "کد 12 - 34 abc"
    assert to_persian_digits("1403/07/15") == "۱۴۰۳/۰۷/۱۵"
    assert to_persian_digits("٥ و 5") == "۵ و ۵"  # Arabic-Indic five too, which some libraries miss
    assert to_persian_digits(to_ascii_digits("۹۸۷")) == "۹۸۷"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("كارخانه سيمان", "کارخانه سیمان"),  # Arabic kaf and yeh from an Arabic keyboard
        ("مصطفى", "مصطفی"),  # alef maksura
        ("کارخانه‌ها", "کارخانه ها"),  # half-space vs space
        ("سمنــان", "سمنان"),  # tatweel
        ("ﺳﻤﻨﺎن", "سمنان"),  # presentation forms pasted from a PDF
        ("مُحَمَّد", "محمد"),  # diacritics
        ("آبان", "ابان"),
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("مؤسسه", "موسسه"),
        ("مسئول", "مسیول"),
        ("خانۀ صنعت", "خانه صنعت"),  # precomposed heh with yeh above
        ("خانهٔ صنعت", "خانه صنعت"),  # heh + hamza above
        ("مدرسة", "مدرسه"),
        ("واحد ۱۲", "واحد 12"),
        ("واحد ١٢", "واحد 12"),
        ("  «گچ»، نمک؛ سلستین  ", "گچ نمک سلستین"),
        ("Semnan-Cement_Co./Ltd.", "semnan cement co ltd"),
    ],
)
def test_search_key_makes_variants_meet(typed, stored):
    assert search_key(typed) == search_key(stored)


def test_search_key_output():
    assert search_key("  كارخانه‌هاي «سيمان» شاهرود - ۱۴۰۳/۰۷  ") == "کارخانه های سیمان شاهرود 1403 07"
    assert search_key("ﷲ") == "الله"
    assert search_key("جزء") == "جزء"  # standalone hamza is kept: جزء and جز are different words
    assert search_key(None) == ""
    assert search_key("") == ""
    assert search_key(" \u200c ـ ") == ""


def test_search_key_is_idempotent_on_random_text():
    pool = (
        "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيىكةأإٱآؤئۀءهٔ"
        "\u064b\u064c\u064e\u064f\u0650\u0651\u0652\u0654\u0670\u0640\u200c\u200d\u200e\u200f\u00ad"
        "ﺳﻤﻨﺎﻥﻻﷲ﷼"
        "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789"
        "AbCéÉ\u0301 \t\n«»،؛-_/.,()!?٫٬٪"
    )
    rng = random.Random(20240320)
    for _ in range(2000):
        s = "".join(rng.choice(pool) for _ in range(rng.randint(0, 20)))
        once = search_key(s)
        assert search_key(once) == once, repr(s)
        assert once == once.strip() and "  " not in once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۲۳", Decimal("123")),
        ("١٢٣", Decimal("123")),
        ("1234.5", Decimal("1234.5")),
        ("۱٬۲۳۴٫۵", Decimal("1234.5")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("۱،۲۳۴", Decimal("1234")),
        ("1 234 567", Decimal("1234567")),
        ("۱\u200c۲۳۴", Decimal("1234")),
        ("-۱۲٫۵", Decimal("-12.5")),
        ("\u221212", Decimal("-12")),  # Unicode minus sign
        ("  +7 ", Decimal("7")),
        (".5", Decimal("0.5")),
        ("0", Decimal("0")),
    ],
)
def test_parse_decimal_accepts_what_people_type(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize(
    "text", ["", "  ", "abc", "12a", "1.2.3", "12,5", "1,2345", "1e5", "NaN", "--1", "-", "."]
)
def test_parse_decimal_rejects_garbage(text):
    with pytest.raises(ValueError, match="number"):
        parse_decimal(text)


def test_parse_decimal_does_not_misread_a_decimal_comma():
    # "12,5" meaning 12.5 must not silently become 125.
    with pytest.raises(ValueError, match="groups of three"):
        parse_decimal("12,5")
