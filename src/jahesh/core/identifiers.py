"""Iranian identifiers and classification codes: normalisation, checks, Django validators, generators.

Rules and test vectors: national code, legal-entity ID and Sheba follow persian-tools
(persian-tools/persian-tools, src/modules/{nationalId,legalId,sheba}); the postal-code rule is the
widely used structural regex (no checksum exists). See docs in shared/domain/semnan-and-iran.md §6.
"""

from __future__ import annotations

import csv
import random
from functools import cache
from importlib import resources
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jahesh.core.text import strip_bidi, to_ascii_digits

# Characters people put inside identifiers: spaces (any), half-spaces, dashes, dots, slashes.
_SEPARATORS = frozenset(
    " \t\r\n\u00a0\u2009\u202f\u200b\u200c\u200d-\u2010\u2011\u2012\u2013\u2014\u2212./\\"
)


def normalise_identifier(s: str | int | None) -> str:
    """Digits to ASCII, separators and invisible marks removed, letters upper-cased. None gives ""."""
    if s is None:
        return ""
    text = strip_bidi(to_ascii_digits(str(s)))
    return "".join(c for c in text if c not in _SEPARATORS and not c.isspace()).upper()


def _is_ascii_digits(s: str) -> bool:
    return s.isascii() and s.isdigit()


# A check returns None when the value passes, or (error code, message, extra params).
_Failure = tuple[str, Promise, dict[str, Any]] | None

_MSG_DIGITS_ONLY = {
    "national_code": _("A national code contains only digits; %(value)s contains other characters."),
    "legal_id": _("A legal-entity national ID contains only digits; %(value)s contains other characters."),
    "business_id": _("A business ID contains only digits; %(value)s contains other characters."),
    "sheba": _("After IR, a Sheba number contains only digits; %(value)s contains other characters."),
    "postal_code": _("A postal code contains only digits; %(value)s contains other characters."),
    "isic": _("An ISIC class contains only digits; %(value)s contains other characters."),
    "hs6": _("An HS code contains only digits; %(value)s contains other characters."),
}


def _digits_failure(kind: str, v: str) -> _Failure:
    if not _is_ascii_digits(v):
        return ("invalid_characters", _MSG_DIGITS_ONLY[kind], {})
    return None


# -- National code (کد ملی) -----------------------------------------------------------------------------

#: Issuing-office prefixes of Semnan province's counties (persian-tools getPlaceByIranNationalId data).
SEMNAN_OFFICE_PREFIXES = ("456", "457", "458", "459", "460", "520", "530")

_MSG_NC_LENGTH = _(
    "A national code has 10 digits; %(value)s has %(length)d. "
    "If leading zeros were lost (for example in Excel), add them back."
)
_MSG_NC_PATTERN = _(
    "%(value)s is not an issued national code: codes of one repeated digit or with an all-zero serial "
    "number do not exist."
)
_MSG_NC_CHECKSUM = _("The national code %(value)s fails its check digit; a digit is probably mistyped.")


def _national_code_check_digit(first9: str) -> int:
    s = sum(int(d) * (10 - i) for i, d in enumerate(first9)) % 11
    return s if s < 2 else 11 - s


def _check_national_code(v: str) -> _Failure:
    if failure := _digits_failure("national_code", v):
        return failure
    if len(v) != 10:
        return ("invalid_length", _MSG_NC_LENGTH, {})
    if len(set(v)) == 1 or v[3:9] == "000000":
        return ("invalid_pattern", _MSG_NC_PATTERN, {})
    if _national_code_check_digit(v[:9]) != int(v[9]):
        return ("invalid_checksum", _MSG_NC_CHECKSUM, {})
    return None


def normalise_national_code(s: str | int | None) -> str:
    """Normalise, and left-pad 8-9 digit codes with zeros (spreadsheets drop leading zeros)."""
    v = normalise_identifier(s)
    if _is_ascii_digits(v) and 8 <= len(v) <= 9:
        return v.zfill(10)
    return v


def is_valid_national_code(s: str | int | None) -> bool:
    """10 digits with a correct check digit (after `normalise_identifier`; no zero-padding here)."""
    return _check_national_code(normalise_identifier(s)) is None


# -- Legal-entity national ID (شناسه ملی) ---------------------------------------------------------------

_LEGAL_ID_WEIGHTS = (29, 27, 23, 19, 17)
_MSG_LEGAL_LENGTH = _("A legal-entity national ID has 11 digits; %(value)s has %(length)d.")
_MSG_LEGAL_PATTERN = _("%(value)s is not an issued legal-entity national ID: its serial part is all zeros.")
_MSG_LEGAL_CHECKSUM = _(
    "The legal-entity national ID %(value)s fails its check digit; a digit is probably mistyped."
)


def _legal_id_check_digit(first10: str) -> int:
    d = int(first10[9]) + 2
    s = sum((d + int(c)) * _LEGAL_ID_WEIGHTS[i % 5] for i, c in enumerate(first10)) % 11
    return 0 if s == 10 else s


def _check_legal_id(v: str) -> _Failure:
    if failure := _digits_failure("legal_id", v):
        return failure
    if len(v) != 11:
        return ("invalid_length", _MSG_LEGAL_LENGTH, {})
    if int(v) == 0 or v[3:9] == "000000":
        return ("invalid_pattern", _MSG_LEGAL_PATTERN, {})
    if _legal_id_check_digit(v[:10]) != int(v[10]):
        return ("invalid_checksum", _MSG_LEGAL_CHECKSUM, {})
    return None


def is_valid_legal_id(s: str | int | None) -> bool:
    """11 digits with a correct check digit."""
    return _check_legal_id(normalise_identifier(s)) is None


# -- Business ID (12 digits, no published checksum) --------------------------------------------------

_MSG_BUSINESS_LENGTH = _("A business ID has 12 digits; %(value)s has %(length)d.")
_MSG_BUSINESS_PATTERN = _("%(value)s is not a business ID: it is all zeros.")


def _check_business_id(v: str) -> _Failure:
    if failure := _digits_failure("business_id", v):
        return failure
    if len(v) != 12:
        return ("invalid_length", _MSG_BUSINESS_LENGTH, {})
    if int(v) == 0:
        return ("invalid_pattern", _MSG_BUSINESS_PATTERN, {})
    return None


def is_valid_business_id(s: str | int | None) -> bool:
    """12 digits, not all zero (no checksum is known)."""
    return _check_business_id(normalise_identifier(s)) is None


# -- Sheba (IBAN) ------------------------------------------------------------------------------------------

_MSG_SHEBA_PREFIX = _(
    "A Sheba number starts with IR followed by 24 digits; %(value)s does not start with IR."
)
_MSG_SHEBA_LENGTH = _("A Sheba number is IR followed by 24 digits; %(value)s has %(length)d digits after IR.")
_MSG_SHEBA_CHECKSUM = _(
    "The Sheba number %(value)s fails its check digits; a character is probably mistyped."
)

# ISO 13616 letter values: I = 18, R = 27.
_IR_DIGITS = "1827"


def _check_sheba(v: str) -> _Failure:
    if not v.startswith("IR"):
        return ("invalid_prefix", _MSG_SHEBA_PREFIX, {})
    rest = v[2:]
    if failure := _digits_failure("sheba", rest):
        return failure
    if len(rest) != 24:
        return ("invalid_length", _MSG_SHEBA_LENGTH, {"length": len(rest)})
    # ISO 7064 MOD 97-10: BBAN, then the country letters as digits, then the check digits.
    if int(rest[2:] + _IR_DIGITS + rest[:2]) % 97 != 1:
        return ("invalid_checksum", _MSG_SHEBA_CHECKSUM, {})
    return None


def normalise_sheba(s: str | None) -> str:
    """Normalise, and put IR in front of a bare 24-digit number (forms often print the IR)."""
    v = normalise_identifier(s)
    if _is_ascii_digits(v) and len(v) == 24:
        return "IR" + v
    return v


def is_valid_sheba(s: str | None) -> bool:
    """IR + 24 digits passing the ISO 7064 mod-97 check."""
    return _check_sheba(normalise_identifier(s)) is None


def sheba_bank_code(s: str | None) -> str:
    """The 3-digit bank code (the digits after IRkk), e.g. "017" for Bank Melli; ValueError if invalid."""
    v = normalise_sheba(s)
    if _check_sheba(v) is not None:
        raise ValueError(f"{s!r} is not a valid Sheba number")
    return v[4:7]


def format_sheba(s: str | None) -> str:
    """Groups of four for display: "IR82 0540 1026 8002 0817 9090 02" (input returned as is if invalid)."""
    v = normalise_sheba(s)
    if _check_sheba(v) is not None:
        return "" if s is None else str(s)
    return " ".join(v[i : i + 4] for i in range(0, len(v), 4))


# -- Postal code (کد پستی) -------------------------------------------------------------------------------

_MSG_POSTAL_LENGTH = _("A postal code has 10 digits; %(value)s has %(length)d.")
_MSG_POSTAL_ZERO_TWO = _("%(value)s cannot be a postal code: the first five digits never contain 0 or 2.")
_MSG_POSTAL_FIFTH = _("%(value)s cannot be a postal code: the fifth digit is never 5.")
_MSG_POSTAL_LAST_TWO = _("%(value)s cannot be a postal code: the last five digits never contain 2.")
_MSG_POSTAL_REPEAT = _("%(value)s cannot be a postal code: its first four digits are all the same.")

# Digits allowed at each position, from the rule `(?!(\d)\1{3})[13-9]{4}[1346-9][013-9]{5}`.
_POSTAL_ALLOWED = ("13456789",) * 4 + ("134679",) + ("013456789",) * 5


def _check_postal_code(v: str) -> _Failure:
    if failure := _digits_failure("postal_code", v):
        return failure
    if len(v) != 10:
        return ("invalid_length", _MSG_POSTAL_LENGTH, {})
    if any(c in "02" for c in v[:5]):
        return ("invalid_pattern", _MSG_POSTAL_ZERO_TWO, {})
    if v[4] == "5":
        return ("invalid_pattern", _MSG_POSTAL_FIFTH, {})
    if "2" in v[5:]:
        return ("invalid_pattern", _MSG_POSTAL_LAST_TWO, {})
    if len(set(v[:4])) == 1:
        return ("invalid_pattern", _MSG_POSTAL_REPEAT, {})
    return None


def is_valid_postal_code(s: str | int | None) -> bool:
    """10 digits matching the structural rule (there is no checksum): a heuristic, see §6."""
    return _check_postal_code(normalise_identifier(s)) is None


def format_postal_code(s: str | None) -> str:
    """Hyphenated "NNNNN-NNNNN" for display (input returned as is if it is not a valid postal code)."""
    v = normalise_identifier(s)
    if _check_postal_code(v) is not None:
        return "" if s is None else str(s)
    return f"{v[:5]}-{v[5:]}"


# -- ISIC Rev.4 -------------------------------------------------------------------------------------------

_MSG_ISIC_LENGTH = _("An ISIC Rev.4 class has 4 digits; %(value)s has %(length)d.")
_MSG_ISIC_UNKNOWN = _("%(value)s is not a class of ISIC Rev.4.")


@cache
def isic_classes() -> dict[str, str]:
    """All 419 ISIC Rev.4 classes: code → English title (bundled data/isic4.csv)."""
    text = resources.files("jahesh.core").joinpath("data", "isic4.csv").read_text(encoding="utf-8")
    return {row["code"]: row["title_en"] for row in csv.DictReader(text.splitlines())}


def _check_isic_class(v: str) -> _Failure:
    if failure := _digits_failure("isic", v):
        return failure
    if len(v) != 4:
        return ("invalid_length", _MSG_ISIC_LENGTH, {})
    if v not in isic_classes():
        return ("unknown_code", _MSG_ISIC_UNKNOWN, {})
    return None


def is_valid_isic_class(s: str | int | None) -> bool:
    """A 4-digit class that exists in ISIC Rev.4."""
    return _check_isic_class(normalise_identifier(s)) is None


def isic_title(code: str | None) -> str | None:
    """English title of an ISIC Rev.4 class, or None if there is no such class."""
    return isic_classes().get(normalise_identifier(code))


def isic_division(code: str | None) -> str:
    """The 2-digit division of an ISIC code ("2394" → "23"); "" for empty input."""
    return normalise_identifier(code)[:2]


def isic_division_title(code: str | None, lang: str = "fa") -> str | None:
    """Title of the division a class (or division code) belongs to, in "fa" or "en"."""
    titles = ISIC_DIVISIONS.get(isic_division(code))
    if titles is None:
        return None
    return titles[0] if lang.startswith("fa") else titles[1]


#: ISIC Rev.4 divisions: code → (Persian title, English title). English from the UN structure; Persian
#: written for this project in the wording of Iranian statistical usage.
ISIC_DIVISIONS: dict[str, tuple[str, str]] = {
    "01": (
        "تولید محصولات زراعی و دامی، شکار و فعالیت‌های خدماتی وابسته",
        "Crop and animal production, hunting and related service activities",
    ),
    "02": ("جنگلداری و بهره‌برداری از جنگل", "Forestry and logging"),
    "03": ("ماهیگیری و آبزی‌پروری", "Fishing and aquaculture"),
    "05": ("استخراج زغال‌سنگ و لیگنیت", "Mining of coal and lignite"),
    "06": ("استخراج نفت خام و گاز طبیعی", "Extraction of crude petroleum and natural gas"),
    "07": ("استخراج کانه‌های فلزی", "Mining of metal ores"),
    "08": ("استخراج سایر معادن", "Other mining and quarrying"),
    "09": ("فعالیت‌های خدمات پشتیبانی معدن", "Mining support service activities"),
    "10": ("ساخت محصولات غذایی", "Manufacture of food products"),
    "11": ("ساخت آشامیدنی‌ها", "Manufacture of beverages"),
    "12": ("ساخت فرآورده‌های توتون و تنباکو", "Manufacture of tobacco products"),
    "13": ("ساخت منسوجات", "Manufacture of textiles"),
    "14": ("ساخت پوشاک", "Manufacture of wearing apparel"),
    "15": ("ساخت چرم و فرآورده‌های وابسته", "Manufacture of leather and related products"),
    "16": (
        "ساخت چوب و فرآورده‌های چوب و چوب‌پنبه به‌جز مبلمان؛ ساخت کالا از نی و مواد حصیری",
        "Manufacture of wood and of products of wood and cork, except furniture; "
        "manufacture of articles of straw and plaiting materials",
    ),
    "17": ("ساخت کاغذ و فرآورده‌های کاغذی", "Manufacture of paper and paper products"),
    "18": ("چاپ و تکثیر رسانه‌های ضبط‌شده", "Printing and reproduction of recorded media"),
    "19": (
        "ساخت کک و فرآورده‌های حاصل از پالایش نفت",
        "Manufacture of coke and refined petroleum products",
    ),
    "20": ("ساخت مواد و فرآورده‌های شیمیایی", "Manufacture of chemicals and chemical products"),
    "21": (
        "ساخت داروها و فرآورده‌های دارویی شیمیایی و گیاهی",
        "Manufacture of pharmaceuticals, medicinal chemical and botanical products",
    ),
    "22": ("ساخت محصولات لاستیکی و پلاستیکی", "Manufacture of rubber and plastics products"),
    "23": ("ساخت سایر محصولات کانی غیرفلزی", "Manufacture of other non-metallic mineral products"),
    "24": ("ساخت فلزات پایه", "Manufacture of basic metals"),
    "25": (
        "ساخت محصولات فلزی فابریکی به‌جز ماشین‌آلات و تجهیزات",
        "Manufacture of fabricated metal products, except machinery and equipment",
    ),
    "26": (
        "ساخت محصولات رایانه‌ای، الکترونیکی و نوری",
        "Manufacture of computer, electronic and optical products",
    ),
    "27": ("ساخت تجهیزات برقی", "Manufacture of electrical equipment"),
    "28": (
        "ساخت ماشین‌آلات و تجهیزات طبقه‌بندی‌نشده در جای دیگر",
        "Manufacture of machinery and equipment n.e.c.",
    ),
    "29": (
        "ساخت وسایل نقلیه موتوری، تریلر و نیم‌تریلر",
        "Manufacture of motor vehicles, trailers and semi-trailers",
    ),
    "30": ("ساخت سایر تجهیزات حمل‌ونقل", "Manufacture of other transport equipment"),
    "31": ("ساخت مبلمان", "Manufacture of furniture"),
    "32": ("ساخت سایر مصنوعات", "Other manufacturing"),
    "33": ("تعمیر و نصب ماشین‌آلات و تجهیزات", "Repair and installation of machinery and equipment"),
    "35": ("تأمین برق، گاز، بخار و تهویه هوا", "Electricity, gas, steam and air conditioning supply"),
    "36": ("جمع‌آوری، تصفیه و توزیع آب", "Water collection, treatment and supply"),
    "37": ("جمع‌آوری و تصفیه فاضلاب", "Sewerage"),
    "38": (
        "جمع‌آوری، تصفیه و دفع پسماند؛ بازیافت مواد",
        "Waste collection, treatment and disposal activities; materials recovery",
    ),
    "39": (
        "فعالیت‌های پاک‌سازی و سایر خدمات مدیریت پسماند",
        "Remediation activities and other waste management services",
    ),
    "41": ("ساخت ساختمان", "Construction of buildings"),
    "42": ("مهندسی عمران", "Civil engineering"),
    "43": ("فعالیت‌های تخصصی ساختمانی", "Specialized construction activities"),
    "45": (
        "عمده‌فروشی، خرده‌فروشی و تعمیر وسایل نقلیه موتوری و موتورسیکلت",
        "Wholesale and retail trade and repair of motor vehicles and motorcycles",
    ),
    "46": (
        "عمده‌فروشی به‌جز وسایل نقلیه موتوری و موتورسیکلت",
        "Wholesale trade, except of motor vehicles and motorcycles",
    ),
    "47": (
        "خرده‌فروشی به‌جز وسایل نقلیه موتوری و موتورسیکلت",
        "Retail trade, except of motor vehicles and motorcycles",
    ),
    "49": ("حمل‌ونقل زمینی و از طریق خطوط لوله", "Land transport and transport via pipelines"),
    "50": ("حمل‌ونقل آبی", "Water transport"),
    "51": ("حمل‌ونقل هوایی", "Air transport"),
    "52": (
        "انبارداری و فعالیت‌های پشتیبانی حمل‌ونقل",
        "Warehousing and support activities for transportation",
    ),
    "53": ("فعالیت‌های پست و پیک", "Postal and courier activities"),
    "55": ("تأمین جا (اقامت)", "Accommodation"),
    "56": ("فعالیت‌های خدمات غذا و نوشیدنی", "Food and beverage service activities"),
    "58": ("فعالیت‌های انتشاراتی", "Publishing activities"),
    "59": (
        "تولید فیلم، ویدئو و برنامه‌های تلویزیونی، ضبط صدا و انتشار موسیقی",
        "Motion picture, video and television programme production, sound recording and music "
        "publishing activities",
    ),
    "60": ("فعالیت‌های برنامه‌سازی و پخش", "Programming and broadcasting activities"),
    "61": ("مخابرات", "Telecommunications"),
    "62": (
        "برنامه‌نویسی رایانه‌ای، مشاوره و فعالیت‌های وابسته",
        "Computer programming, consultancy and related activities",
    ),
    "63": ("فعالیت‌های خدمات اطلاعاتی", "Information service activities"),
    "64": (
        "فعالیت‌های خدمات مالی به‌جز بیمه و صندوق‌های بازنشستگی",
        "Financial service activities, except insurance and pension funding",
    ),
    "65": (
        "بیمه، بیمه اتکایی و صندوق‌های بازنشستگی به‌جز تأمین اجتماعی اجباری",
        "Insurance, reinsurance and pension funding, except compulsory social security",
    ),
    "66": (
        "فعالیت‌های جنبی خدمات مالی و بیمه",
        "Activities auxiliary to financial service and insurance activities",
    ),
    "68": ("فعالیت‌های املاک و مستغلات", "Real estate activities"),
    "69": ("فعالیت‌های حقوقی و حسابداری", "Legal and accounting activities"),
    "70": (
        "فعالیت‌های دفاتر مرکزی؛ مشاوره مدیریت",
        "Activities of head offices; management consultancy activities",
    ),
    "71": (
        "فعالیت‌های معماری و مهندسی؛ آزمون و تحلیل فنی",
        "Architectural and engineering activities; technical testing and analysis",
    ),
    "72": ("پژوهش و توسعه علمی", "Scientific research and development"),
    "73": ("تبلیغات و پژوهش بازار", "Advertising and market research"),
    "74": ("سایر فعالیت‌های حرفه‌ای، علمی و فنی", "Other professional, scientific and technical activities"),
    "75": ("فعالیت‌های دامپزشکی", "Veterinary activities"),
    "77": ("فعالیت‌های اجاره و لیزینگ", "Rental and leasing activities"),
    "78": ("فعالیت‌های مربوط به اشتغال", "Employment activities"),
    "79": (
        "فعالیت‌های آژانس‌های مسافرتی، تورگردانی، خدمات رزرو و فعالیت‌های وابسته",
        "Travel agency, tour operator, reservation service and related activities",
    ),
    "80": ("فعالیت‌های امنیتی و تحقیقاتی", "Security and investigation activities"),
    "81": ("خدمات مربوط به ساختمان‌ها و فضای سبز", "Services to buildings and landscape activities"),
    "82": (
        "فعالیت‌های اداری، پشتیبانی اداری و سایر خدمات پشتیبانی کسب‌وکار",
        "Office administrative, office support and other business support activities",
    ),
    "84": (
        "اداره امور عمومی و دفاع؛ تأمین اجتماعی اجباری",
        "Public administration and defence; compulsory social security",
    ),
    "85": ("آموزش", "Education"),
    "86": ("فعالیت‌های مربوط به سلامت انسان", "Human health activities"),
    "87": ("فعالیت‌های مراقبتی در مراکز شبانه‌روزی", "Residential care activities"),
    "88": ("فعالیت‌های مددکاری اجتماعی بدون اسکان", "Social work activities without accommodation"),
    "90": ("فعالیت‌های هنری، خلاقانه و سرگرمی", "Creative, arts and entertainment activities"),
    "91": (
        "کتابخانه‌ها، آرشیوها، موزه‌ها و سایر فعالیت‌های فرهنگی",
        "Libraries, archives, museums and other cultural activities",
    ),
    "92": ("فعالیت‌های قمار و شرط‌بندی", "Gambling and betting activities"),
    "93": ("فعالیت‌های ورزشی، تفریحی و سرگرمی", "Sports activities and amusement and recreation activities"),
    "94": ("فعالیت‌های سازمان‌های دارای عضو", "Activities of membership organizations"),
    "95": ("تعمیر رایانه و کالاهای شخصی و خانگی", "Repair of computers and personal and household goods"),
    "96": ("سایر فعالیت‌های خدماتی شخصی", "Other personal service activities"),
    "97": (
        "فعالیت‌های خانوارها به‌عنوان کارفرمای کارکنان خانگی",
        "Activities of households as employers of domestic personnel",
    ),
    "98": (
        "فعالیت‌های تفکیک‌نشده تولید کالا و خدمات توسط خانوارها برای مصرف خود",
        "Undifferentiated goods- and services-producing activities of private households for own use",
    ),
    "99": (
        "فعالیت‌های سازمان‌ها و نهادهای برون‌مرزی",
        "Activities of extraterritorial organizations and bodies",
    ),
}


# -- HS 6-digit subheadings -------------------------------------------------------------------------------

_MSG_HS_LENGTH = _("An HS code has 6 digits; %(value)s has %(length)d.")
_MSG_HS_CHAPTER = _(
    "%(value)s is not an HS code: there is no chapter %(chapter)s "
    "(chapters run from 01 to 97, and 77 is reserved)."
)
_MSG_HS_HEADING = _("%(value)s is not an HS code: there is no heading 00 in a chapter.")


#: UN Comtrade's "commodities not specified according to kind" (chapter 99 is otherwise national use).
HS_NOT_SPECIFIED = "999999"


def _check_hs6(v: str) -> _Failure:
    if failure := _digits_failure("hs6", v):
        return failure
    if len(v) != 6:
        return ("invalid_length", _MSG_HS_LENGTH, {})
    if v == HS_NOT_SPECIFIED:
        return None
    # Chapters 01-97 exist; 77 is reserved for future use, 98-99 for national use.
    if not 1 <= int(v[:2]) <= 97 or v[:2] == "77":
        return ("invalid_pattern", _MSG_HS_CHAPTER, {"chapter": v[:2]})
    # Headings are numbered from 01 inside each chapter; "00" only ever appears as a subheading suffix.
    if v[2:4] == "00":
        return ("invalid_pattern", _MSG_HS_HEADING, {})
    return None


def is_valid_hs6(s: str | int | None) -> bool:
    """A structurally possible 6-digit HS subheading (chapter 01-97 except 77, heading not 00), or 999999."""
    return _check_hs6(normalise_identifier(s)) is None


# -- Django validators ------------------------------------------------------------------------------------


def _raise_on_failure(failure: _Failure, value: Any, normalised: str) -> None:
    if failure is None:
        return
    code, message, extra = failure
    params = {"value": str(value).strip(), "length": len(normalised), **extra}
    raise ValidationError(message, code=code, params=params)


def validate_national_code(value: Any) -> None:
    v = normalise_identifier(value)
    _raise_on_failure(_check_national_code(v), value, v)


def validate_legal_id(value: Any) -> None:
    v = normalise_identifier(value)
    _raise_on_failure(_check_legal_id(v), value, v)


def validate_business_id(value: Any) -> None:
    v = normalise_identifier(value)
    _raise_on_failure(_check_business_id(v), value, v)


def validate_sheba(value: Any) -> None:
    v = normalise_identifier(value)
    _raise_on_failure(_check_sheba(v), value, v)


def validate_postal_code(value: Any) -> None:
    v = normalise_identifier(value)
    _raise_on_failure(_check_postal_code(v), value, v)


def validate_isic_class(value: Any) -> None:
    v = normalise_identifier(value)
    _raise_on_failure(_check_isic_class(v), value, v)


def validate_hs6(value: Any) -> None:
    v = normalise_identifier(value)
    _raise_on_failure(_check_hs6(v), value, v)


# -- Generators for synthetic data ------------------------------------------------------------------------


def _random_digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _require_digits(name: str, value: str, max_len: int) -> None:
    if not (value == "" or _is_ascii_digits(value)) or len(value) > max_len:
        raise ValueError(f"{name} must be at most {max_len} ASCII digits, not {value!r}")


def make_national_code(rng: random.Random, prefix: str | None = None) -> str:
    """A valid national code; `prefix` (e.g. a Semnan office code such as "456") fixes its first digits."""
    prefix = "" if prefix is None else prefix
    _require_digits("prefix", prefix, 8)
    for _attempt in range(1000):
        head = prefix + _random_digits(rng, 9 - len(prefix))
        code = head + str(_national_code_check_digit(head))
        if _check_national_code(code) is None:
            return code
    raise ValueError(f"No valid national code starts with {prefix!r}")


def make_legal_id(rng: random.Random) -> str:
    """A valid legal-entity national ID, starting with 10 like most registered companies' IDs."""
    while True:
        head = "10" + _random_digits(rng, 8)
        code = head + str(_legal_id_check_digit(head))
        if _check_legal_id(code) is None:
            return code


def make_sheba(rng: random.Random, bank_code: str) -> str:
    """A valid Sheba for the 3-digit bank code (e.g. "017"), with a random 19-digit account part."""
    bank_code = normalise_identifier(bank_code)
    if not (_is_ascii_digits(bank_code) and len(bank_code) == 3):
        raise ValueError(f"bank_code must be 3 digits, not {bank_code!r}")
    bban = bank_code + _random_digits(rng, 19)
    check = 98 - int(bban + _IR_DIGITS + "00") % 97
    return f"IR{check:02d}{bban}"


def make_postal_code(rng: random.Random, prefix: str | None = None) -> str:
    """A postal code passing the structural rule; `prefix` fixes its first digits (e.g. "35")."""
    prefix = "" if prefix is None else prefix
    _require_digits("prefix", prefix, 10)
    for i, c in enumerate(prefix):
        if c not in _POSTAL_ALLOWED[i]:
            raise ValueError(f"Digit {c} cannot stand at position {i + 1} of a postal code")
    for _attempt in range(1000):
        code = prefix + "".join(rng.choice(_POSTAL_ALLOWED[i]) for i in range(len(prefix), 10))
        if _check_postal_code(code) is None:
            return code
    raise ValueError(f"No valid postal code starts with {prefix!r}")
