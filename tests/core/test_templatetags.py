"""Template filters render Jalali dates and numbers in the active language's digits, and never raise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from jahesh.core.templatetags import jahesh as tags


def render(source: str, lang: str, **context: object) -> str:
    with translation.override(lang), timezone.override("Asia/Tehran"):
        return Template("{% load jahesh %}" + source).render(Context(context))


def test_jdate_in_both_languages():
    d = dt.date(2024, 10, 6)
    assert render("{{ d|jdate }}", "fa", d=d) == "۱۴۰۳/۰۷/۱۵"
    assert render("{{ d|jdate }}", "en", d=d) == "1403/07/15"
    assert render('{{ d|jdate:"%d %B %Y" }}', "fa", d=d) == "۱۵ مهر ۱۴۰۳"
    assert render('{{ d|jdate:"%d %B %Y" }}', "en", d=d) == "15 Mehr 1403"


def test_jdatetime_shows_tehran_time():
    moment = dt.datetime(2024, 10, 6, 21, 0, tzinfo=dt.UTC)  # 00:30 on 16 Mehr in Tehran
    assert render("{{ t|jdatetime }}", "fa", t=moment) == "۱۴۰۳/۰۷/۱۶ ۰۰:۳۰"
    assert render("{{ t|jdatetime }}", "en", t=moment) == "1403/07/16 00:30"
    assert render("{{ t|jdate }}", "en", t=moment) == "1403/07/16"
    assert render("{{ d|jdatetime }}", "en", d=dt.date(2024, 10, 6)) == "1403/07/15"


def test_jmonth_accepts_tuples_indexes_dates_and_text():
    assert render("{{ m|jmonth }}", "fa", m=(1403, 7)) == "مهر ۱۴۰۳"
    assert render("{{ m|jmonth }}", "en", m=(1403, 7)) == "Mehr 1403"
    assert render("{{ m|jmonth }}", "fa", m=1403 * 12 + 6) == "مهر ۱۴۰۳"
    assert render("{{ m|jmonth }}", "en", m=dt.date(2025, 3, 20)) == "Esfand 1403"
    assert render("{{ m|jmonth }}", "en", m="1404/01") == "Farvardin 1404"


def test_digits():
    assert render("{{ v|digits }}", "fa", v="IR82 واحد 12") == "IR۸۲ واحد ۱۲"
    assert render("{{ v|digits }}", "en", v="۱۲") == "12"
    assert render("{{ v|digits }}", "fa", v=1403) == "۱۴۰۳"


@pytest.mark.parametrize(
    ("value", "arg", "fa", "en"),
    [
        (1234567, "", "۱٬۲۳۴٬۵۶۷", "1,234,567"),
        (1234567.891, "", "۱٬۲۳۴٬۵۶۷٫۸۹", "1,234,567.89"),
        (1234567.891, ":1", "۱٬۲۳۴٬۵۶۷٫۹", "1,234,567.9"),
        (Decimal("2.50"), "", "۲٫۵", "2.5"),
        (Decimal("2.50"), ":2", "۲٫۵۰", "2.50"),
        (2.5, ":0", "۳", "3"),  # half up, not to even
        (-1234.5, ":1", "-۱٬۲۳۴٫۵", "-1,234.5"),
        (-0.2, ":0", "۰", "0"),  # no "-0"
        (999, "", "۹۹۹", "999"),
        ("۱٬۲۳۴", "", "۱٬۲۳۴", "1,234"),
    ],
)
def test_num(value, arg, fa, en):
    assert render("{{ x|num" + arg + " }}", "fa", x=value) == fa
    assert render("{{ x|num" + arg + " }}", "en", x=value) == en


def test_pct():
    assert render("{{ r|pct }}", "fa", r=0.45) == "۴۵٪"
    assert render("{{ r|pct }}", "en", r=0.45) == "45%"
    assert render("{{ r|pct:1 }}", "fa", r=Decimal("0.4567")) == "۴۵٫۷٪"
    assert render("{{ r|pct }}", "en", r=1.25) == "125%"
    assert render("{{ r|pct }}", "en", r=0) == "0%"


@pytest.mark.parametrize("bad", [None, "", "abc", float("nan"), float("inf"), [], {}, object(), True])
def test_filters_never_raise(bad):
    for lang in ("fa", "en"):
        assert render("{{ v|num }}", lang, v=bad) == tags.MISSING
        assert render("{{ v|pct }}", lang, v=bad) == tags.MISSING
        assert render("{{ v|jdate }}", lang, v=bad) == ""
        assert render("{{ v|jdatetime }}", lang, v=bad) == ""
        assert render("{{ v|jmonth }}", lang, v=bad) == ""
    assert render('{{ v|num:"x" }}', "fa", v=12) == "۱۲"  # a bad argument is ignored


def test_filters_survive_odd_but_typed_values():
    assert render("{{ m|jmonth }}", "fa", m=(1403, 13)) == ""
    assert render("{{ m|jmonth }}", "fa", m="مهر") == ""
    assert render("{{ d|jdate }}", "fa", d=dt.date(1, 1, 1)) == ""  # before the Jalali epoch
    assert render("{{ x|num }}", "en", x=Decimal("1e30")) == "1,000,000,000,000,000,000,000,000,000,000"
    assert render("{{ v|digits }}", "fa", v=None) == ""


def test_output_is_escaped_where_input_is_text():
    assert render("{{ v|digits }}", "fa", v="<b>1</b>") == "&lt;b&gt;۱&lt;/b&gt;"
