"""The columns of each import kind: their Persian and English headers, what they hold, and the words accepted
for coded fields. Importers, exports and the downloadable templates all read these lists, so a file exported
from the platform is always a valid import file of the same kind.

Headers are matched through the search key with spaces removed, so «شناسه کسب‌وکار», «شناسه كسب و كار» and
"Business ID" all name the same column; a trailing "*" (templates mark required columns with it) is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from jahesh.core.text import search_key, to_ascii_digits

from .cells import Choices


@dataclass(frozen=True)
class Column:
    key: str
    fa: str
    en: str
    help_fa: str
    help_en: str
    example: str = ""
    aliases: tuple[str, ...] = ()
    #: Written by exports for the reader's benefit (status, utilisation …) and ignored on import.
    derived: bool = False

    def header(self, lang: str) -> str:
        return self.fa if lang.startswith("fa") else self.en


def header_key(text: str) -> str:
    return search_key(to_ascii_digits(str(text))).replace(" ", "")


@dataclass(frozen=True)
class Layout:
    kind: str
    columns: tuple[Column, ...]
    #: Columns the file must have (besides one of the unit's identifiers, which every layout needs).
    required: frozenset[str] = frozenset()

    @cached_property
    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    @cached_property
    def _keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        for c in self.columns:
            for name in (c.fa, c.en, c.key, *c.aliases):
                k = header_key(name)
                if k in keys and keys[k] != c.key:
                    raise ValueError(f"{self.kind}: header {name!r} names both {keys[k]} and {c.key}")
                keys[k] = c.key
        return keys

    def column_of(self, header: str) -> str | None:
        return self._keys.get(header_key(header)) if header else None

    def count_known(self, headers: list[str]) -> int:
        return sum(1 for h in headers if self.column_of(h))

    def match(self, headers: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
        """(column key → position, headers not recognised, keys named twice)."""
        positions: dict[str, int] = {}
        unknown: list[str] = []
        twice: list[str] = []
        for i, h in enumerate(headers):
            key = self.column_of(h)
            if key is None:
                if h:
                    unknown.append(h)
            elif key in positions:
                twice.append(key)
            else:
                positions[key] = i
        return positions, unknown, twice

    def importable(self) -> list[Column]:
        return [c for c in self.columns if not c.derived]


# -- Coded values ------------------------------------------------------------------------------------------

OWNERSHIP = Choices(
    {
        "private": ("خصوصی", "private"),
        "cooperative": ("تعاونی", "cooperative"),
        "public": ("دولتی", "public", "عمومی", "دولتی/عمومی", "state"),
        "bank_owned": ("تملیکی", "bank-owned", "تملیک بانک", "تملیک‌شده", "bank owned"),
    }
)
LICENCE_STAGE = Choices(
    {
        "establishment": ("جواز تأسیس", "establishment licence", "جواز", "establishment"),
        "construction": ("در حال احداث", "under construction", "احداث", "construction"),
        "operating": ("پروانه بهره‌برداری", "operating licence", "بهره‌برداری", "operating", "فعال"),
        "suspended": ("تعلیق", "suspended", "معلق", "تعلیق‌شده"),
        "cancelled": ("ابطال", "cancelled", "باطل‌شده", "لغو", "canceled"),
    }
)
LICENCE_KIND = Choices(
    {
        "new": ("ایجادی", "new", "ایجاد"),
        "expansion": ("توسعه", "expansion", "توسعه‌ای"),
    }
)
SIZE = Choices(
    {
        "micro": ("خرد", "micro", "خیلی کوچک"),
        "small": ("کوچک", "small"),
        "medium": ("متوسط", "medium"),
        "large": ("بزرگ", "large"),
    }
)
CAPACITY_BASIS = Choices(
    {
        "4500": ("4500", "4500", "شیفتی", "shifts", "4,500"),
        "6500": ("6500", "6500", "پیوسته", "فرایند پیوسته", "continuous", "6,500"),
    }
)
ORIGIN = Choices(
    {
        "region": ("داخل استان", "in the region", "استان", "درون استان", "region", "in region"),
        "other_region": (
            "سایر استان‌ها",
            "another region",
            "استان‌های دیگر",
            "خارج از استان",
            "other region",
            "other regions",
        ),
        "imported": ("وارداتی", "imported", "واردات", "خارج از کشور", "import"),
    }
)


# -- Shared columns ----------------------------------------------------------------------------------------

LEGAL_ID = Column(
    "legal_id",
    "شناسه ملی",
    "Legal-entity national ID",
    "شناسه ملی ۱۱ رقمی شخص حقوقی؛ رقم کنترل بررسی می‌شود. کلید اصلی شناسایی واحد.",
    "The 11-digit national ID of the company; its check digit is verified. The unit's first key.",
    "10398259792",
    aliases=("شناسه ملی شرکت", "شناسه ملی شخص حقوقی", "national id", "legal id"),
)
BUSINESS_ID = Column(
    "business_id",
    "شناسه کسب‌وکار",
    "Business ID",
    "شناسه ۱۲ رقمی کسب‌وکار (در صورت وجود). کلید دوم شناسایی واحد.",
    "The 12-digit business ID, where the unit has one. The unit's second key.",
    "",
    aliases=("شناسه کسب و کار", "business identifier"),
)
OWNER_NATIONAL_CODE = Column(
    "owner_national_code",
    "کد ملی مالک",
    "Owner's national code",
    "کد ملی ۱۰ رقمی مالک برای واحدهای بدون شناسه ملی؛ صفرهای ابتدایی حذف‌شده در اکسل بازگردانده می‌شوند.",
    "The owner's 10-digit national code, for units without a legal-entity ID; leading zeros that Excel "
    "dropped are put back.",
    "0012345679",
    aliases=("کد ملی", "کدملی مالک", "owner national code", "national code"),
)
UNIT_NAME = Column(
    "name",
    "نام واحد",
    "Unit name",
    "نام واحد تولیدی همان‌گونه که در پروانه آمده است.",
    "The production unit's name as on its licence.",
    "سیمان شاهرود",
    aliases=("نام واحد تولیدی", "نام شرکت", "عنوان واحد", "unit", "name", "company"),
)

IDENTITY = (LEGAL_ID, BUSINESS_ID, UNIT_NAME, OWNER_NATIONAL_CODE)
IDENTITY_KEYS = frozenset(c.key for c in IDENTITY)
_KEY_RULE_FA = "واحد با شناسه ملی، یا شناسه کسب‌وکار، یا کد ملی مالک به‌همراه نام واحد شناخته می‌شود."
_KEY_RULE_EN = (
    "The unit is found by its legal-entity ID, else its business ID, else owner's national code and name."
)

PRODUCT_HS = Column(
    "hs_code",
    "کد تعرفه (HS)",
    "HS code",
    "کد ۶ رقمی نظام هماهنگ (HS) محصول.",
    "The product's 6-digit Harmonized System code.",
    "252329",
    aliases=("کد تعرفه", "کد HS", "hs", "hs6", "کد تعرفه محصول", "کد تعرفه محصول (HS)", "product hs code"),
)
PRODUCT_NAME = Column(
    "product",
    "نام محصول",
    "Product",
    "نام محصول همان‌گونه که در پروانه آمده است؛ با کد تعرفه، محصول را در واحد مشخص می‌کند.",
    "The product's name as on the licence; with the HS code it identifies the product line in the unit.",
    "سیمان پرتلند",
    aliases=("محصول", "product name"),
)


# -- Units and their product lines -------------------------------------------------------------------------

UNITS = Layout(
    "units",
    (
        LEGAL_ID,
        BUSINESS_ID,
        Column(
            "name",
            UNIT_NAME.fa,
            UNIT_NAME.en,
            UNIT_NAME.help_fa + " الزامی.",
            UNIT_NAME.help_en + " Required.",
            UNIT_NAME.example,
            UNIT_NAME.aliases,
        ),
        OWNER_NATIONAL_CODE,
        Column(
            "name_en",
            "نام انگلیسی واحد",
            "Unit name (English)",
            "نام لاتین واحد (اختیاری).",
            "The unit's name in English (optional).",
            "Shahroud Cement",
            aliases=("english name",),
        ),
        Column(
            "ownership",
            "نوع مالکیت",
            "Ownership",
            "یکی از: " + OWNERSHIP.listing() + ". خالی: خصوصی.",
            "One of: private, cooperative, public, bank-owned. Blank: private.",
            "خصوصی",
            aliases=("مالکیت",),
        ),
        Column(
            "owner_bank",
            "بانک مالک",
            "Owning bank",
            "برای واحدهای تملیکی: نام بانک یا کد سه‌رقمی آن در شبا.",
            "For bank-owned units: the bank's name or its three-digit Sheba code.",
            "",
            aliases=("بانک تملیک‌کننده", "owner bank"),
        ),
        Column(
            "licence_stage",
            "وضعیت مجوز",
            "Licence stage",
            "یکی از: " + LICENCE_STAGE.listing() + ". خالی: پروانه بهره‌برداری.",
            "One of: establishment licence, under construction, operating licence, suspended, cancelled. "
            "Blank: operating licence.",
            "پروانه بهره‌برداری",
            aliases=("نوع مجوز", "مرحله مجوز", "licence", "license stage"),
        ),
        Column(
            "establishment_licence_no",
            "شماره جواز تأسیس",
            "Establishment licence number",
            "شماره جواز تأسیس.",
            "The establishment licence's number.",
            "",
            aliases=("شماره جواز",),
        ),
        Column(
            "establishment_licence_date",
            "تاریخ جواز تأسیس",
            "Establishment licence date",
            "تاریخ شمسی، مانند ۱۴۰۳/۰۷/۱۵.",
            "A Jalali date such as 1403/07/15.",
            "",
            aliases=("تاریخ جواز",),
        ),
        Column(
            "operating_licence_no",
            "شماره پروانه بهره‌برداری",
            "Operating licence number",
            "شماره پروانه بهره‌برداری.",
            "The operating licence's number.",
            "",
            aliases=("شماره پروانه",),
        ),
        Column(
            "operating_licence_date",
            "تاریخ پروانه بهره‌برداری",
            "Operating licence date",
            "تاریخ شمسی، مانند ۱۴۰۳/۰۷/۱۵.",
            "A Jalali date such as 1403/07/15.",
            "1398/04/12",
            aliases=("تاریخ پروانه", "تاریخ صدور پروانه"),
        ),
        Column(
            "operating_licence_kind",
            "نوع پروانه بهره‌برداری",
            "Operating licence kind",
            "ایجادی یا توسعه.",
            "New or expansion.",
            "ایجادی",
            aliases=("نوع پروانه",),
        ),
        Column(
            "physical_progress",
            "پیشرفت فیزیکی (درصد)",
            "Physical progress (%)",
            "برای واحدهای در حال احداث: عددی از ۰ تا ۱۰۰.",
            "For units under construction: a number from 0 to 100.",
            "",
            aliases=("پیشرفت فیزیکی", "physical progress"),
        ),
        Column(
            "county",
            "شهرستان",
            "County",
            "نام شهرستان به فارسی یا انگلیسی (از فهرست شهرستان‌های استان). الزامی.",
            "The county's name in Persian or English (one of the region's counties). Required.",
            "شاهرود",
            aliases=("نام شهرستان",),
        ),
        Column(
            "estate",
            "شهرک/ناحیه صنعتی",
            "Industrial estate or zone",
            "نام شهرک یا ناحیه صنعتی یا منطقه ویژه در همان شهرستان؛ خالی برای واحدهای خارج از شهرک.",
            "The industrial estate, zone or special economic zone in that county; blank outside estates.",
            "شهرک صنعتی شاهرود",
            aliases=("شهرک صنعتی", "ناحیه صنعتی", "شهرک", "estate", "industrial estate"),
        ),
        Column("address", "نشانی", "Address", "نشانی پستی واحد.", "The unit's address.", "", ("آدرس",)),
        Column(
            "postal_code",
            "کد پستی",
            "Postal code",
            "کد پستی ۱۰ رقمی.",
            "The 10-digit postal code.",
            "",
            aliases=("کدپستی", "postcode"),
        ),
        Column(
            "latitude",
            "عرض جغرافیایی",
            "Latitude",
            "درجه اعشاری (اختیاری).",
            "Decimal degrees (optional).",
            "",
            aliases=("lat",),
        ),
        Column(
            "longitude",
            "طول جغرافیایی",
            "Longitude",
            "درجه اعشاری (اختیاری).",
            "Decimal degrees (optional).",
            "",
            aliases=("lon", "lng"),
        ),
        Column(
            "isic",
            "کد آیسیک",
            "ISIC code",
            "کد ۴ رقمی فعالیت بر پایه ISIC ویرایش ۴. الزامی.",
            "The 4-digit ISIC Rev.4 class of the unit's activity. Required.",
            "2394",
            aliases=("کد ISIC", "آیسیک", "کد فعالیت", "isic", "isic class"),
        ),
        Column(
            "size",
            "اندازه واحد",
            "Size",
            "خرد، کوچک، متوسط یا بزرگ. خالی: کوچک.",
            "Micro, small, medium or large. Blank: small.",
            "متوسط",
            aliases=("اندازه", "مقیاس"),
        ),
        Column(
            "licensed_employment",
            "اشتغال طبق پروانه",
            "Licensed employment",
            "تعداد شاغلان طبق پروانه.",
            "Employment stated on the licence.",
            "85",
            aliases=("اشتغال پروانه", "اشتغال مجوز", "اشتغال طبق مجوز"),
        ),
        PRODUCT_HS,
        PRODUCT_NAME,
        Column(
            "product_en",
            "نام انگلیسی محصول",
            "Product (English)",
            "نام لاتین محصول (اختیاری).",
            "The product's name in English (optional).",
            "Portland cement",
        ),
        Column(
            "unit_of_measure",
            "واحد سنجش",
            "Unit of measure",
            "واحد سنجش ظرفیت و تولید، مانند تن یا مترمربع.",
            "The unit in which capacity and output are counted, such as tonnes or square metres.",
            "تن",
            aliases=("واحد", "uom"),
        ),
        Column(
            "nominal_capacity",
            "ظرفیت اسمی سالانه",
            "Nominal annual capacity",
            "ظرفیت اسمی سالانه طبق پروانه؛ بزرگ‌تر از صفر.",
            "The nominal annual capacity on the licence; greater than zero.",
            "1200000",
            aliases=("ظرفیت اسمی", "ظرفیت", "ظرفیت سالانه", "capacity"),
        ),
        Column(
            "capacity_basis",
            "مبنای ظرفیت (ساعت کار در سال)",
            "Capacity basis (hours a year)",
            "۴۵۰۰ (شیفتی) یا ۶۵۰۰ (صنایع پیوسته). خالی: ۴۵۰۰.",
            "4500 (shifts) or 6500 (continuous industries). Blank: 4500.",
            "6500",
            aliases=("مبنای ظرفیت", "capacity basis"),
        ),
        Column(
            "unit_value_irr",
            "ارزش هر واحد محصول (ریال)",
            "Value per unit (IRR)",
            "برای وزن‌دهی محصولات در محاسبه بهره‌برداری (اختیاری).",
            "Weights the product lines when utilisation is computed (optional).",
            "",
            aliases=("ارزش واحد", "قیمت واحد (ریال)", "unit value"),
        ),
        Column(
            "export_oriented",
            "صادرات‌محور",
            "Export-oriented",
            "بله یا خیر.",
            "Yes or no.",
            "خیر",
            aliases=("صادراتی",),
        ),
        Column(
            "strategic",
            "کالای اساسی/راهبردی",
            "Strategic good",
            "بله یا خیر.",
            "Yes or no.",
            "خیر",
            aliases=("کالای اساسی", "کالای راهبردی", "strategic"),
        ),
        Column(
            "status",
            "وضعیت فعالیت",
            "Status",
            "محاسبه‌شده از آمار؛ در ورود داده نادیده گرفته می‌شود.",
            "Computed from the reports; ignored on import.",
            derived=True,
        ),
        Column(
            "utilisation",
            "درصد بهره‌برداری از ظرفیت",
            "Utilisation (%)",
            "محاسبه‌شده؛ در ورود داده نادیده گرفته می‌شود.",
            "Computed; ignored on import.",
            derived=True,
        ),
        Column(
            "last_accepted",
            "آخرین آمار تأییدشده",
            "Last accepted report",
            "محاسبه‌شده؛ در ورود داده نادیده گرفته می‌شود.",
            "Computed; ignored on import.",
            derived=True,
        ),
        Column(
            "last_employment",
            "اشتغال (آخرین آمار)",
            "Employment (last report)",
            "محاسبه‌شده؛ در ورود داده نادیده گرفته می‌شود.",
            "Computed; ignored on import.",
            derived=True,
        ),
    ),
    required=frozenset({"name", "county", "isic"}),
)

UNIT_FIELDS = (
    "name",
    "owner_national_code",
    "name_en",
    "ownership",
    "owner_bank",
    "licence_stage",
    "establishment_licence_no",
    "establishment_licence_date",
    "operating_licence_no",
    "operating_licence_date",
    "operating_licence_kind",
    "physical_progress",
    "county",
    "estate",
    "address",
    "postal_code",
    "latitude",
    "longitude",
    "isic",
    "size",
    "licensed_employment",
)
LINE_FIELDS = (
    "hs_code",
    "product",
    "product_en",
    "unit_of_measure",
    "nominal_capacity",
    "capacity_basis",
    "unit_value_irr",
    "export_oriented",
    "strategic",
)


# -- Inputs ------------------------------------------------------------------------------------------------

INPUTS = Layout(
    "inputs",
    (
        *IDENTITY,
        PRODUCT_HS,
        PRODUCT_NAME,
        Column(
            "input_hs",
            "کد تعرفه نهاده (HS)",
            "Input HS code",
            "کد ۶ رقمی HS نهاده.",
            "The input's 6-digit HS code.",
            "252310",
            aliases=("کد تعرفه نهاده", "input hs"),
        ),
        Column(
            "input",
            "نام نهاده",
            "Input",
            "نام ماده اولیه یا نهاده.",
            "The raw material or input.",
            "کلینکر",
            aliases=("نهاده", "ماده اولیه", "input name"),
        ),
        Column(
            "input_unit_of_measure",
            "واحد سنجش نهاده",
            "Input unit of measure",
            "واحد سنجش نهاده.",
            "The input's unit of measure.",
            "تن",
            aliases=("input uom",),
        ),
        Column(
            "quantity_per_output",
            "مقدار مصرف به ازای هر واحد محصول",
            "Quantity per unit of output",
            "مقدار نهاده برای ساخت یک واحد محصول؛ صفر یا بیشتر.",
            "How much of the input one unit of output takes; zero or more.",
            "0.95",
            aliases=("ضریب مصرف", "مقدار مصرف", "quantity per output"),
        ),
        Column(
            "origin",
            "محل تأمین",
            "Origin",
            "یکی از: " + ORIGIN.listing() + ".",
            "One of: in the region, another region, imported.",
            "داخل استان",
            aliases=("منبع تأمین", "مبدأ"),
        ),
        Column(
            "origin_region",
            "استان مبدأ",
            "Region of origin",
            "برای نهاده‌های سایر استان‌ها: نام استان.",
            "For inputs from another region: which.",
            "",
            aliases=("origin region",),
        ),
        Column(
            "origin_country",
            "کشور مبدأ",
            "Country of origin",
            "برای نهاده‌های وارداتی: نام کشور یا کد سه‌حرفی ISO آن (مانند CHN).",
            "For imported inputs: the country's name or ISO code (such as CHN).",
            "",
            aliases=("کشور مبدا", "origin country"),
        ),
        Column(
            "annual_value_irr",
            "ارزش سالانه (ریال)",
            "Annual value (IRR)",
            "ارزش سالانه مصرف نهاده (اختیاری).",
            "The yearly value of the input used (optional).",
            "",
            aliases=("ارزش سالانه", "annual value"),
        ),
        Column(
            "fx_share",
            "سهم ارزی (درصد)",
            "FX share (%)",
            "درصد ارزی بهای نهاده، از ۰ تا ۱۰۰ (اختیاری).",
            "The foreign-currency share of the input's cost, 0 to 100 (optional).",
            "",
            aliases=("سهم ارزی", "fx share"),
        ),
    ),
    required=frozenset(
        {"hs_code", "product", "input_hs", "input", "input_unit_of_measure", "quantity_per_output", "origin"}
    ),
)


# -- Monthly reports ---------------------------------------------------------------------------------------

REPORTS = Layout(
    "reports",
    (
        *IDENTITY,
        Column(
            "month",
            "ماه (شمسی)",
            "Month (Jalali)",
            "ماه گزارش، مانند ۱۴۰۳/۰۷ یا «مهر ۱۴۰۳»؛ فقط ماه‌های پایان‌یافته. الزامی.",
            "The month reported, such as 1403/07 or Mehr 1403; only months that have ended. Required.",
            "1403/07",
            aliases=("ماه", "ماه گزارش", "month"),
        ),
        Column(
            "employment",
            "اشتغال",
            "Employment",
            "تعداد شاغلان در ماه. الزامی در نخستین سطر هر گزارش.",
            "People employed in the month. Required on each report's first row.",
            "42",
            aliases=("تعداد شاغلان", "شاغلان"),
        ),
        Column(
            "sales_irr",
            "فروش (ریال)",
            "Sales (IRR)",
            "فروش ماه به ریال (اختیاری).",
            "The month's sales in rials (optional).",
            "",
            aliases=("فروش", "sales"),
        ),
        Column(
            "energy_kwh",
            "مصرف برق (کیلووات‌ساعت)",
            "Electricity (kWh)",
            "برق مصرفی ماه (اختیاری).",
            "Electricity used in the month (optional).",
            "",
            aliases=("مصرف برق", "energy", "electricity"),
        ),
        PRODUCT_HS,
        PRODUCT_NAME,
        Column(
            "output",
            "تولید ماه",
            "Output in the month",
            "مقدار تولید محصول در ماه، به واحد سنجش محصول؛ صفر یا بیشتر.",
            "The product's output in the month, in its unit of measure; zero or more.",
            "95000",
            aliases=("تولید", "مقدار تولید", "output"),
        ),
        Column(
            "export_usd",
            "صادرات (دلار)",
            "Exports (USD)",
            "ارزش صادرات ماه به یک کشور مقصد، به دلار.",
            "The month's exports to one destination, in US dollars.",
            "",
            aliases=("صادرات", "ارزش صادرات (دلار)", "exports"),
        ),
        Column(
            "export_country",
            "کشور مقصد",
            "Destination country",
            "نام کشور مقصد یا کد سه‌حرفی ISO آن (مانند IRQ).",
            "The destination's name or ISO code (such as IRQ).",
            "",
            aliases=("مقصد صادرات", "destination"),
        ),
        Column(
            "unit_of_measure",
            "واحد سنجش",
            "Unit of measure",
            "برای خواننده؛ در ورود داده نادیده گرفته می‌شود.",
            "For the reader; ignored on import.",
            derived=True,
        ),
        Column(
            "state",
            "وضعیت بررسی",
            "Review state",
            "برای خواننده؛ در ورود داده نادیده گرفته می‌شود.",
            "For the reader; ignored on import.",
            derived=True,
        ),
    ),
    required=frozenset({"month", "employment"}),
)
REPORT_FIELDS = ("employment", "sales_irr", "energy_kwh")

LAYOUTS = {layout.kind: layout for layout in (UNITS, INPUTS, REPORTS)}

#: What each layout says about its rows, for the templates' explanation sheet.
ROW_RULES = {
    "units": (
        "هر سطر یک محصول از یک واحد است. ستون‌های واحد در همه سطرهای آن تکرار می‌شوند یا در سطرهای "
        "بعدی خالی می‌مانند (مانند سلول‌های ادغام‌شده)؛ سطرهای یک واحد باید پشت سر هم باشند. "
        + _KEY_RULE_FA
        + " محصول در واحد با کد تعرفه و نام محصول شناخته می‌شود. واحدی که محصولی ندارد یک سطر با ستون‌های "
        "محصول خالی دارد.",
        "Each row is one product line of one unit. The unit's columns are repeated on each of its rows, or "
        "left blank on the rows after the first (as merged cells read); a unit's rows stand together. "
        + _KEY_RULE_EN
        + " A product line is found within the unit by its HS code and name. A unit without product lines "
        "takes one row with the product columns blank.",
    ),
    "inputs": (
        "هر سطر یک نهاده از یک محصول است. واحد و محصول باید پیش‌تر ثبت شده باشند. " + _KEY_RULE_FA,
        "Each row is one input of one product line; the unit and product line must already be registered. "
        + _KEY_RULE_EN,
    ),
    "reports": (
        "هر سطر تولید یک محصول در یک ماه است. اشتغال، فروش و برق در نخستین سطر هر گزارش می‌آیند و در "
        "سطرهای بعدی همان گزارش تکرار می‌شوند یا خالی می‌مانند؛ سطرهای یک گزارش پشت سر هم‌اند. صادرات هر "
        "کشور مقصد در یکی از سطرهای گزارش می‌آید (برای مقصدهای بیشتر از محصولات، سطری با ستون‌های محصول "
        "خالی بیفزایید). " + _KEY_RULE_FA + " گزارش با واحد و ماه شناخته می‌شود و همه سطرهایش جایگزین "
        "گزارش پیشین همان ماه می‌شوند.",
        "Each row is one product line's output in one month. Employment, sales and electricity are given on "
        "each report's first row and repeated or left blank on its other rows; a report's rows stand "
        "together. Exports to each destination go on one of the report's rows (add rows with the product "
        "columns blank for more destinations than product lines). "
        + _KEY_RULE_EN
        + " A report is found by unit and month; its rows replace that month's earlier report.",
    ),
}
