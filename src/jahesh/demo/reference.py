"""Reference data of the demo region, Semnan province (Iran), as plain Python data.

Facts (counties and their 1395 census populations, estates and zones, agencies, banks and their Sheba codes,
HS and ISIC codes, capacities) come from ``shared/domain/semnan-and-iran.md`` with the sources cited there.
Numbers the document marks UNSOURCED, and everything in the industry catalogue that describes a *typical*
plant (capacity spread, employment, inputs, prices, export shares), are orders of magnitude chosen for a
plausible synthetic region: they are not statistics and must never be shown as such.

No real company appears here: the demo names its units from neutral word lists (see ``NAME_WORDS``).
Nothing outside ``jahesh.demo`` may import this module; the platform itself reads everything from the
database.
"""

from __future__ import annotations

from dataclasses import dataclass

# -- Money ------------------------------------------------------------------------------------------------

#: Rials per US dollar used to turn the catalogue's prices into IRR and exports into USD. An order of
#: magnitude of the free-market rate in 1404; the demo keeps it constant over its months.
IRR_PER_USD = 1_000_000


def _usd(amount: float) -> int:
    """A price given in US dollars, in rials."""
    return round(amount * IRR_PER_USD)


# -- The region and its counties --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionRef:
    code: str
    name: str
    name_en: str


REGION = RegionRef(code="IR-20", name="استان سمنان", name_en="Semnan province")

#: The census the county populations come from (Statistical Centre of Iran, 1395 = 2016).
CENSUS_YEAR = 1395


@dataclass(frozen=True)
class CountyRef:
    code: str
    name: str
    name_en: str
    population: int
    #: Seat of the county (for addresses) and its approximate coordinates.
    seat: str
    seat_en: str
    latitude: float
    longitude: float
    #: Share of the region's industrial units in this county, for products without a preference.
    industry_weight: float
    #: Probability that a unit of this county sits in an industrial estate or zone.
    estate_share: float
    #: Leading digits of postal codes. UNSOURCED (the domain notes say "commonly 35xxx Semnan, 36xxx
    #: Shahrud/Damghan — verify"): illustrative prefixes that pass the structural rule.
    postal_prefix: str
    #: Issuing-office prefixes of residents' national codes (persian-tools office table). Sorkheh and Aradan
    #: were split from Semnan and Garmsar and keep their offices.
    national_code_prefixes: tuple[str, ...]


#: The 8 counties with their 1395 census populations (IRNA 82464309; Meyami derived as the remainder).
COUNTIES: tuple[CountyRef, ...] = (
    CountyRef(
        "shahrud", "شاهرود", "Shahrud", 218_628, "شاهرود", "Shahrud", 36.418, 54.976,
        0.20, 0.45, "361", ("458", "459"),
    ),
    CountyRef(
        "semnan", "سمنان", "Semnan", 196_521, "سمنان", "Semnan", 35.577, 53.395,
        0.31, 0.70, "351", ("456",),
    ),
    CountyRef(
        "damghan", "دامغان", "Damghan", 94_190, "دامغان", "Damghan", 36.168, 54.343,
        0.10, 0.40, "367", ("457",),
    ),
    CountyRef(
        "garmsar", "گرمسار", "Garmsar", 77_421, "گرمسار", "Garmsar", 35.218, 52.341,
        0.25, 0.65, "358", ("460",),
    ),
    CountyRef(
        "mehdishahr", "مهدی‌شهر", "Mehdishahr", 47_475, "مهدی‌شهر", "Mehdishahr", 35.700, 53.350,
        0.05, 0.40, "356", ("530",),
    ),
    CountyRef(
        "meyami", "میامی", "Meyami", 38_718, "میامی", "Meyami", 36.411, 55.650,
        0.03, 0.0, "364", ("520",),
    ),
    CountyRef(
        "sorkheh", "سرخه", "Sorkheh", 15_523, "سرخه", "Sorkheh", 35.463, 53.214,
        0.03, 0.35, "353", ("456",),
    ),
    CountyRef(
        "aradan", "آرادان", "Aradan", 13_884, "آرادان", "Aradan", 35.249, 52.494,
        0.03, 0.0, "359", ("460",),
    ),
)  # fmt: skip

#: The province's 1395 census total (IRNA 82464309); the counties add up to it.
CENSUS_TOTAL = 702_360


@dataclass(frozen=True)
class EstateRef:
    name: str
    name_en: str
    county: str
    kind: str  # "estate" | "zone" | "sez"  (Estate.Kind values)
    area_ha: float | None
    #: Relative share of the county's estate-based units that sit here.
    weight: float


#: Estates, zones and special economic zones named in §1.3. Seyedabad and Qaleh-No zones have no sourced
#: county; Qaleh-No is listed under the "Shahrud region" of the estates company and is placed there, Seyedabad
#: is left out. The Aliabad estate lies in Garmsar but is run by Tehran province's company: left out too.
ESTATES: tuple[EstateRef, ...] = (
    EstateRef("شهرک صنعتی سمنان", "Semnan Industrial Estate", "semnan", "estate", None, 6.0),
    EstateRef("شهرک صنعتی شرق سمنان", "East Semnan Industrial Estate", "semnan", "estate", None, 1.5),
    EstateRef("منطقه ویژه اقتصادی سمنان", "Semnan Special Economic Zone", "semnan", "sez", None, 1.0),
    EstateRef("شهرک صنعتی شاهرود", "Shahrud Industrial Estate", "shahrud", "estate", None, 4.0),
    EstateRef("ناحیه صنعتی ابرسج", "Abarsej Industrial Zone", "shahrud", "zone", None, 1.0),
    EstateRef("ناحیه صنعتی قلعه‌نو", "Qaleh-No Industrial Zone", "shahrud", "zone", None, 0.8),
    EstateRef("شهرک صنعتی دامغان", "Damghan Industrial Estate", "damghan", "estate", None, 4.0),
    EstateRef("ناحیه صنعتی تویه‌دروار", "Tuyeh-Darvar Industrial Zone", "damghan", "zone", 44.0, 0.8),
    EstateRef("شهرک صنعتی مهدی‌شهر", "Mehdishahr Industrial Estate", "mehdishahr", "estate", 95.0, 1.0),
    EstateRef("ناحیه صنعتی لاسجرد", "Lasgerd Industrial Zone", "sorkheh", "zone", 49.0, 1.0),
    EstateRef("ناحیه صنعتی سرخه", "Sorkheh Industrial Zone", "sorkheh", "zone", None, 1.0),
    EstateRef("شهرک صنعتی گرمسار", "Garmsar Industrial Estate", "garmsar", "estate", None, 3.0),
    EstateRef(
        "شهرک صنعتی ایوانکی (جنت‌آباد)",
        "Eyvanaki (Jannatabad) Industrial Estate",
        "garmsar",
        "estate",
        None,
        3.0,
    ),
    EstateRef("منطقه ویژه اقتصادی گرمسار", "Garmsar Special Economic Zone", "garmsar", "sez", 2000.0, 1.5),
)

# -- Agencies and banks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyRef:
    code: str
    kind: str  # Agency.Kind values
    name: str
    name_en: str


#: The working group's members and the bodies its cases go to (§4). County governorates chair the county
#: working groups. The two universities besides Semnan University are public universities of the province
#: (general knowledge, not in the domain notes).
AGENCIES: tuple[AgencyRef, ...] = (
    AgencyRef("governorate", "governorate", "استانداری سمنان", "Semnan Governorate-General"),
    AgencyRef("governorate-shahrud", "governorate", "فرمانداری شاهرود", "Shahrud County Governorate"),
    AgencyRef("governorate-semnan", "governorate", "فرمانداری سمنان", "Semnan County Governorate"),
    AgencyRef("governorate-damghan", "governorate", "فرمانداری دامغان", "Damghan County Governorate"),
    AgencyRef("governorate-garmsar", "governorate", "فرمانداری گرمسار", "Garmsar County Governorate"),
    AgencyRef("governorate-mehdishahr", "governorate", "فرمانداری مهدی‌شهر", "Mehdishahr County Governorate"),
    AgencyRef("governorate-meyami", "governorate", "فرمانداری میامی", "Meyami County Governorate"),
    AgencyRef("governorate-sorkheh", "governorate", "فرمانداری سرخه", "Sorkheh County Governorate"),
    AgencyRef("governorate-aradan", "governorate", "فرمانداری آرادان", "Aradan County Governorate"),
    AgencyRef(
        "industry",
        "industry",
        "اداره کل صنعت، معدن و تجارت استان سمنان",
        "Semnan Directorate-General of Industry, Mine and Trade",
    ),
    AgencyRef("tax", "tax", "اداره کل امور مالیاتی استان سمنان", "Semnan Tax Affairs Directorate-General"),
    AgencyRef(
        "social-security",
        "social_security",
        "اداره کل تأمین اجتماعی استان سمنان",
        "Semnan Social Security Directorate-General",
    ),
    AgencyRef("customs", "customs", "اداره کل گمرک استان سمنان", "Semnan Customs Directorate-General"),
    AgencyRef(
        "electricity-distribution",
        "electricity",
        "شرکت توزیع نیروی برق استان سمنان",
        "Semnan Electricity Distribution Company",
    ),
    AgencyRef(
        "electricity-regional", "electricity", "شرکت برق منطقه‌ای سمنان", "Semnan Regional Electric Company"
    ),
    AgencyRef("gas", "gas", "شرکت گاز استان سمنان", "Semnan Province Gas Company"),
    AgencyRef("water-regional", "water", "شرکت آب منطقه‌ای سمنان", "Semnan Regional Water Company"),
    AgencyRef(
        "water-wastewater", "water", "شرکت آب و فاضلاب استان سمنان", "Semnan Water and Wastewater Company"
    ),
    AgencyRef(
        "environment",
        "environment",
        "اداره کل حفاظت محیط زیست استان سمنان",
        "Semnan Department of Environment Directorate-General",
    ),
    AgencyRef(
        "standards", "standards", "اداره کل استاندارد استان سمنان", "Semnan Standard Directorate-General"
    ),
    AgencyRef("judiciary", "judiciary", "دادگستری کل استان سمنان", "Semnan Province Justice Administration"),
    AgencyRef(
        "industrial-estates", "estates", "شرکت شهرک‌های صنعتی استان سمنان", "Semnan Industrial Estates Company"
    ),
    AgencyRef(
        "agriculture",
        "agriculture",
        "سازمان جهاد کشاورزی استان سمنان",
        "Semnan Agriculture Jihad Organization",
    ),
    AgencyRef(
        "veterinary", "agriculture", "اداره کل دامپزشکی استان سمنان", "Semnan Veterinary Directorate-General"
    ),
    AgencyRef(
        "grain",
        "agriculture",
        "شرکت غله و خدمات بازرگانی استان سمنان",
        "Semnan Grain and Commercial Services Company",
    ),
    AgencyRef(
        "chamber",
        "chamber",
        "اتاق بازرگانی، صنایع، معادن و کشاورزی سمنان",
        "Semnan Chamber of Commerce, Industries, Mines and Agriculture",
    ),
    AgencyRef("university-semnan", "university", "دانشگاه سمنان", "Semnan University"),
    AgencyRef(
        "university-shahrud", "university", "دانشگاه صنعتی شاهرود", "Shahrood University of Technology"
    ),
    AgencyRef("university-damghan", "university", "دانشگاه دامغان", "Damghan University"),
    AgencyRef(
        "science-park",
        "science_park",
        "پارک علم و فناوری استان سمنان",
        "Semnan Province Science and Technology Park",
    ),
    AgencyRef(
        "science-park-university",
        "science_park",
        "پارک علم و فناوری دانشگاه سمنان",
        "Semnan University Science and Technology Park",
    ),
    AgencyRef(
        "planning",
        "planning",
        "سازمان مدیریت و برنامه‌ریزی استان سمنان",
        "Semnan Management and Planning Organization",
    ),
    AgencyRef(
        "investment-centre",
        "other",
        "مرکز خدمات سرمایه‌گذاری استان سمنان",
        "Semnan Investment Services Centre",
    ),
    AgencyRef(
        "garmsar-sez", "other", "منطقه ویژه اقتصادی گرمسار", "Garmsar Special Economic Zone Organization"
    ),
    AgencyRef(
        "economy-finance",
        "other",
        "اداره کل امور اقتصادی و دارایی استان سمنان",
        "Semnan Economic Affairs and Finance Directorate-General",
    ),
    AgencyRef(
        "labour",
        "other",
        "اداره کل تعاون، کار و رفاه اجتماعی استان سمنان",
        "Semnan Cooperatives, Labour and Social Welfare Directorate-General",
    ),
    AgencyRef(
        "banks-council",
        "other",
        "شورای هماهنگی بانک‌های استان سمنان",
        "Semnan Provincial Banks' Coordination Council",
    ),
)

#: The agency that keeps the registry and runs the secretariat.
SECRETARIAT_AGENCY = "industry"


@dataclass(frozen=True)
class BankRef:
    bank_code: str  # the three digits after IRkk in a Sheba number
    name: str
    name_en: str
    #: How likely this bank is to lend to (or to own, after seizure) an industrial unit, relative to others.
    weight: float = 1.0

    @property
    def agency_code(self) -> str:
        return f"bank-{self.bank_code}"


#: Banks of §5 that lend to firms. Left out: the central bank (010); the dissolved Ayandeh (062); the
#: military banks merged into Sepah (052, 063, 065, 073, 079); the Qard al-Hasan retail banks (060/090, 070);
#: the bi-national Iran–Venezuela bank (095).
BANKS: tuple[BankRef, ...] = (
    BankRef("011", "بانک صنعت و معدن", "Bank of Industry and Mine", 3.0),
    BankRef("012", "بانک ملت", "Bank Mellat", 2.0),
    BankRef("013", "بانک رفاه کارگران", "Refah Kargaran Bank", 1.0),
    BankRef("014", "بانک مسکن", "Bank Maskan", 0.3),
    BankRef("015", "بانک سپه", "Bank Sepah", 2.0),
    BankRef("016", "بانک کشاورزی", "Bank Keshavarzi (Agriculture)", 1.5),
    BankRef("017", "بانک ملی ایران", "Bank Melli Iran", 2.5),
    BankRef("018", "بانک تجارت", "Tejarat Bank", 1.5),
    BankRef("019", "بانک صادرات ایران", "Bank Saderat Iran", 1.5),
    BankRef("020", "بانک توسعه صادرات", "Export Development Bank of Iran", 1.0),
    BankRef("021", "پست بانک ایران", "Post Bank of Iran", 0.5),
    BankRef("022", "بانک توسعه تعاون", "Tose'e Ta'avon (Cooperative Development) Bank", 1.0),
    BankRef("051", "موسسه اعتباری توسعه", "Tose'e Credit Institution", 0.2),
    BankRef("053", "بانک کارآفرین", "Karafarin Bank", 0.6),
    BankRef("054", "بانک پارسیان", "Parsian Bank", 0.8),
    BankRef("055", "بانک اقتصاد نوین", "EN Bank (Eghtesad Novin)", 0.8),
    BankRef("056", "بانک سامان", "Saman Bank", 0.6),
    BankRef("057", "بانک پاسارگاد", "Bank Pasargad", 0.8),
    BankRef("058", "بانک سرمایه", "Sarmayeh Bank", 0.3),
    BankRef("059", "بانک سینا", "Sina Bank", 0.5),
    BankRef("061", "بانک شهر", "City Bank (Shahr)", 0.5),
    BankRef("064", "بانک گردشگری", "Gardeshgari (Tourism) Bank", 0.3),
    BankRef("066", "بانک دی", "Day Bank", 0.4),
    BankRef("069", "بانک ایران زمین", "Iran Zamin Bank", 0.3),
    BankRef("075", "موسسه اعتباری ملل", "Melal Credit Institution", 0.2),
    BankRef("078", "بانک خاورمیانه", "Middle East Bank", 0.3),
    BankRef("080", "موسسه اعتباری نور", "Noor Credit Institution", 0.2),
)

#: Codes of §5 that must never be offered as a lender (see the note on ``BANKS``).
EXCLUDED_BANK_CODES = frozenset({"010", "052", "060", "062", "063", "065", "070", "073", "079", "090", "095"})

# -- Countries and other provinces ------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryRef:
    iso3: str
    iso_numeric: str
    name: str  # as Iranian media write it
    name_en: str


#: Iran's main export destinations and import sources (§3), plus the suppliers of imported inputs.
COUNTRIES: tuple[CountryRef, ...] = (
    CountryRef("IRQ", "368", "عراق", "Iraq"),
    CountryRef("AFG", "004", "افغانستان", "Afghanistan"),
    CountryRef("TUR", "792", "ترکیه", "Turkey"),
    CountryRef("RUS", "643", "روسیه", "Russia"),
    CountryRef("PAK", "586", "پاکستان", "Pakistan"),
    CountryRef("ARE", "784", "امارات متحده عربی", "United Arab Emirates"),
    CountryRef("CHN", "156", "چین", "China"),
    CountryRef("IND", "356", "هند", "India"),
    CountryRef("ARM", "051", "ارمنستان", "Armenia"),
    CountryRef("GEO", "268", "گرجستان", "Georgia"),
    CountryRef("AZE", "031", "جمهوری آذربایجان", "Azerbaijan"),
    CountryRef("TKM", "795", "ترکمنستان", "Turkmenistan"),
    CountryRef("UZB", "860", "ازبکستان", "Uzbekistan"),
    CountryRef("KAZ", "398", "قزاقستان", "Kazakhstan"),
    CountryRef("KGZ", "417", "قرقیزستان", "Kyrgyzstan"),
    CountryRef("TJK", "762", "تاجیکستان", "Tajikistan"),
    CountryRef("KWT", "414", "کویت", "Kuwait"),
    CountryRef("OMN", "512", "عمان", "Oman"),
    CountryRef("QAT", "634", "قطر", "Qatar"),
    CountryRef("SAU", "682", "عربستان سعودی", "Saudi Arabia"),
    CountryRef("SYR", "760", "سوریه", "Syria"),
    CountryRef("LBN", "422", "لبنان", "Lebanon"),
    CountryRef("DEU", "276", "آلمان", "Germany"),
    CountryRef("ITA", "380", "ایتالیا", "Italy"),
    CountryRef("ESP", "724", "اسپانیا", "Spain"),
    CountryRef("FRA", "250", "فرانسه", "France"),
    CountryRef("NLD", "528", "هلند", "Netherlands"),
    CountryRef("BEL", "056", "بلژیک", "Belgium"),
    CountryRef("AUT", "040", "اتریش", "Austria"),
    CountryRef("CHE", "756", "سوئیس", "Switzerland"),
    CountryRef("GBR", "826", "انگلیس", "United Kingdom"),
    CountryRef("HRV", "191", "کرواسی", "Croatia"),
    CountryRef("SRB", "688", "صربستان", "Serbia"),
    CountryRef("UKR", "804", "اوکراین", "Ukraine"),
    CountryRef("BLR", "112", "بلاروس", "Belarus"),
    CountryRef("KOR", "410", "کره جنوبی", "South Korea"),
    CountryRef("JPN", "392", "ژاپن", "Japan"),
    CountryRef("MYS", "458", "مالزی", "Malaysia"),
    CountryRef("IDN", "360", "اندونزی", "Indonesia"),
    CountryRef("HKG", "344", "هنگ‌کنگ", "Hong Kong"),
    CountryRef("TWN", "158", "تایوان", "Taiwan"),
    CountryRef("THA", "764", "تایلند", "Thailand"),
    CountryRef("VNM", "704", "ویتنام", "Vietnam"),
    CountryRef("BRA", "076", "برزیل", "Brazil"),
    CountryRef("ARG", "032", "آرژانتین", "Argentina"),
)

#: Other provinces that supply inputs: Persian name (as stored in ``Input.origin_region``) → English.
PROVINCES: dict[str, str] = {
    "تهران": "Tehran",
    "اصفهان": "Isfahan",
    "خوزستان": "Khuzestan",
    "بوشهر": "Bushehr",
    "خراسان رضوی": "Razavi Khorasan",
    "کرمان": "Kerman",
    "مرکزی": "Markazi",
    "قزوین": "Qazvin",
    "یزد": "Yazd",
    "همدان": "Hamadan",
    "مازندران": "Mazandaran",
    "گلستان": "Golestan",
    "فارس": "Fars",
}

# -- The industry catalogue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitOfMeasure:
    name: str
    name_en: str
    #: Counted in whole numbers (sets, pieces) rather than measured.
    discrete: bool = False


TONNE = UnitOfMeasure("تن", "tonne")
SQUARE_METRE = UnitOfMeasure("مترمربع", "m²")
CUBIC_METRE = UnitOfMeasure("مترمکعب", "m³")
SET = UnitOfMeasure("دستگاه", "set", discrete=True)
PIECE = UnitOfMeasure("عدد", "piece", discrete=True)
TYRE = UnitOfMeasure("حلقه", "tyre", discrete=True)


@dataclass(frozen=True)
class Origin:
    kind: str  # Input.Origin values: "region" | "other_region" | "imported"
    where: str  # a province (Persian name, a key of PROVINCES) or a country's ISO3; "" in the region
    weight: float


def _here(weight: float = 1.0) -> Origin:
    return Origin("region", "", weight)


def _province(name: str, weight: float = 1.0) -> Origin:
    if name not in PROVINCES:
        raise KeyError(name)
    return Origin("other_region", name, weight)


def _abroad(iso3: str, weight: float = 1.0) -> Origin:
    return Origin("imported", iso3, weight)


@dataclass(frozen=True)
class InputRef:
    hs6: str
    name: str
    name_en: str
    unit_of_measure: UnitOfMeasure
    quantity: float  # per unit of the product's output
    price_irr: int  # per unit of the input
    origins: tuple[Origin, ...]


def _input(
    hs6: str,
    name: str,
    name_en: str,
    uom: UnitOfMeasure,
    quantity: float,
    price_usd: float,
    *origins: Origin,
) -> InputRef:
    return InputRef(hs6, name, name_en, uom, quantity, _usd(price_usd), origins)


@dataclass(frozen=True)
class Capacity:
    """Nominal annual capacity of one plant: log-normal around ``median`` (σ = ``spread`` in log space),
    clipped to [``low``, ``high``]."""

    median: float
    spread: float
    low: float
    high: float


@dataclass(frozen=True)
class ProductKind:
    key: str
    name: str
    name_en: str
    #: The word used in unit names («شرکت تولیدی کاشی نارون ۱۲»).
    short: str
    short_en: str
    hs6: str
    isic: str
    uom: UnitOfMeasure
    capacity: Capacity
    value_irr: int  # per unit of output, at the last month's prices
    #: Typical share of output exported by a plant that exports at all.
    export_propensity: float
    destinations: tuple[tuple[str, float], ...]
    #: Basic goods: food staples and feed, and the construction and hygiene goods the market-regulation
    #: board («ستاد تنظیم بازار») watches (cement, rebar, detergents).
    strategic: bool
    employment: tuple[int, int, int]  # (smallest, median, largest) plant
    basis: int  # 4500 (shifts) or 6500 (continuous) hours a year
    #: Preferred counties with weights; empty for "wherever industry is".
    counties: tuple[tuple[str, float], ...]
    inputs: tuple[InputRef, ...]
    #: How often this is a unit's main product, relative to the other kinds (0: only as a second line).
    frequency: float
    #: Products a unit making this one often makes too (keys of other kinds).
    related: tuple[str, ...] = ()
    #: Output by Jalali month (Farvardin first), relative; None for no seasonality.
    season: tuple[float, ...] | None = None
    energy_kwh: float = 0.0  # per unit of output
    #: Multiplier on the county's estate share (0 for farms and orchards' processing sheds).
    estate_factor: float = 1.0
    #: Energy-intensive plants lose output to the summer power and winter gas cuts.
    energy_cuts: bool = True


# Export destination profiles (weights), from the destinations listed in §3.
_NEAR = (("IRQ", 35), ("AFG", 25), ("TUR", 6), ("PAK", 6), ("TKM", 6), ("ARM", 4), ("AZE", 4),
         ("UZB", 4), ("GEO", 3), ("RUS", 4), ("ARE", 3))  # fmt: skip
_FOOD = (("IRQ", 30), ("AFG", 20), ("RUS", 14), ("ARE", 8), ("KWT", 6), ("QAT", 4), ("OMN", 4),
         ("TUR", 4), ("ARM", 5), ("AZE", 5))  # fmt: skip
_METAL = (("TUR", 25), ("CHN", 15), ("IND", 15), ("IRQ", 10), ("ARE", 10), ("UZB", 5), ("JPN", 5),
          ("KOR", 5), ("TWN", 5), ("IDN", 5))  # fmt: skip
_BUILDING = (("IRQ", 40), ("AFG", 25), ("TKM", 8), ("UZB", 7), ("KAZ", 4), ("RUS", 4), ("AZE", 4),
             ("ARM", 4), ("GEO", 2), ("KGZ", 1), ("TJK", 1))  # fmt: skip
_NUTS = (("CHN", 20), ("ARE", 15), ("RUS", 12), ("IND", 10), ("TUR", 8), ("DEU", 8), ("IRQ", 6),
         ("HKG", 6), ("KAZ", 5), ("ITA", 5), ("ESP", 3), ("LBN", 2))  # fmt: skip
_APPLIANCES = (("IRQ", 45), ("AFG", 20), ("TKM", 6), ("ARM", 5), ("AZE", 5), ("SYR", 5), ("PAK", 5),
               ("UZB", 4), ("GEO", 3), ("TJK", 2))  # fmt: skip

# Weights for the county profiles used by several kinds.
_EVERYWHERE = (("semnan", 3), ("shahrud", 3), ("damghan", 2), ("garmsar", 3), ("mehdishahr", 1.2),
               ("meyami", 1.2), ("sorkheh", 1), ("aradan", 1.2))  # fmt: skip
_CHEMICALS = (("garmsar", 4), ("semnan", 3), ("shahrud", 1), ("aradan", 0.5))
_AUTO = (("semnan", 5), ("garmsar", 4), ("shahrud", 1), ("damghan", 0.5), ("mehdishahr", 0.5))
_MINES = (("sorkheh", 4), ("garmsar", 3), ("semnan", 2), ("damghan", 2), ("shahrud", 2), ("aradan", 1))
_ELECTRICAL = (("shahrud", 4), ("semnan", 3), ("garmsar", 2), ("damghan", 1))

_PISTACHIO_SEASON = (0.2, 0.2, 0.2, 0.2, 0.3, 2.6, 3.8, 2.0, 0.8, 0.5, 0.4, 0.3)
_POMEGRANATE_SEASON = (0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 2.4, 3.0, 2.2, 1.2, 0.6, 0.5)
_COOLER_SEASON = (1.5, 1.5, 1.3, 1.0, 0.7, 0.5, 0.5, 0.5, 0.6, 0.9, 1.2, 1.4)
_SWEETS_SEASON = (0.8, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.0, 1.0, 1.1, 1.2, 1.4)
_DAIRY_SEASON = (1.1, 1.2, 1.2, 1.1, 1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0)
_BUILDING_SEASON = (0.9, 1.1, 1.15, 1.15, 1.1, 1.1, 1.05, 1.0, 0.9, 0.8, 0.8, 0.85)

# Inputs shared by several kinds.
_LIMESTONE = ("252100", "سنگ آهک", "Limestone", TONNE)
_CLAY = ("250840", "خاک رس", "Clay", TONNE)
_PP_SACKS = ("630533", "کیسه پلی‌پروپیلن", "Polypropylene sacks", TONNE)
_CARTONS = ("481910", "کارتن بسته‌بندی", "Corrugated cartons", TONNE)
_DIESEL = ("271019", "نفت گاز", "Gas oil (diesel)", TONNE)
_STEEL_SHEET = ("720916", "ورق فولادی سردنوردشده", "Cold-rolled steel sheet", TONNE)
_PP = ("390210", "گرانول پلی‌پروپیلن", "Polypropylene granules", TONNE)
_HDPE = ("390120", "گرانول پلی‌اتیلن سنگین", "High-density polyethylene granules", TONNE)
_SALT = ("250100", "نمک", "Salt", TONNE)
_SCRAP = ("720449", "قراضه آهن", "Iron and steel scrap", TONNE)
_COKE = ("270400", "کک", "Coke", TONNE)
_RAW_MILK = ("040120", "شیر خام", "Raw milk", TONNE)
_FEED = ("230990", "خوراک آماده دام و طیور", "Prepared animal feed", TONNE)
_SUGAR = ("170199", "شکر", "Sugar", TONNE)
_MOTOR = ("850140", "الکتروموتور", "Electric motor", PIECE)
_GLAZE = ("320720", "لعاب و فریت", "Glazes and frits", TONNE)
_CACO3 = ("283650", "کربنات کلسیم", "Calcium carbonate", TONNE)
_FLOUR = ("110100", "آرد گندم", "Wheat flour", TONNE)
_SODA_ASH = ("283620", "کربنات سدیم", "Soda ash", TONNE)
_LABSA = ("340231", "اسید سولفونیک (LABSA)", "Linear alkylbenzene sulphonic acid", TONNE)


def _i(
    spec: tuple[str, str, str, UnitOfMeasure], quantity: float, price_usd: float, *origins: Origin
) -> InputRef:
    return _input(*spec, quantity, price_usd, *origins)


# Each entry, positionally: key, name, name_en, short, short_en, HS6, ISIC, unit of measure, capacity,
# value per unit (IRR), export propensity, destinations, strategic, employment (low, median, high),
# hours basis, counties, inputs, frequency, related kinds, season, kWh per unit, estate factor, energy cuts.
# The field names are those of ``ProductKind``; tests/demo checks every entry.
# fmt: off
CATALOGUE: tuple[ProductKind, ...] = (
    # -- Cement, plaster and minerals ----------------------------------------------------------------------
    ProductKind(
        "cement", "سیمان پرتلند خاکستری", "Grey Portland cement", "سیمان", "Cement", "252329", "2394", TONNE,
        Capacity(900_000, 0.5, 300_000, 2_000_000), _usd(30), 0.30, _BUILDING, True, (150, 300, 600), 6500,
        (("shahrud", 5), ("semnan", 2), ("damghan", 1), ("garmsar", 1)),
        (
            _i(_LIMESTONE, 1.2, 3, _here()),
            _input("252010", "سنگ گچ", "Gypsum rock", TONNE, 0.04, 3, _here()),
            _input("260111", "سنگ آهن", "Iron ore", TONNE, 0.02, 40, _province("کرمان"), _province("یزد")),
            _i(_PP_SACKS, 0.0016, 1500, _here(4), _province("تهران", 1)),
            _input("732591", "گلوله آسیا", "Grinding balls", TONNE, 0.0004, 900, _here(2),
                _province("اصفهان")),
        ),
        0.25, ("clinker",), _BUILDING_SEASON, 100, 0.2,
    ),
    ProductKind(
        "clinker", "کلینکر سیمان", "Cement clinker", "کلینکر", "Clinker", "252310", "2394", TONNE,
        Capacity(850_000, 0.5, 300_000, 2_000_000), _usd(22), 0.35, _BUILDING, False, (150, 300, 600), 6500,
        (("shahrud", 5), ("semnan", 2), ("damghan", 1), ("garmsar", 1)),
        (_i(_LIMESTONE, 1.5, 3, _here()), _i(_CLAY, 0.25, 5, _here())),
        0.03, ("cement",), None, 70, 0.2,
    ),
    ProductKind(
        "plaster", "گچ ساختمانی", "Building plaster", "گچ", "Plaster", "252020", "2394", TONNE,
        Capacity(40_000, 0.7, 5_000, 300_000), _usd(12), 0.12, (("IRQ", 50), ("AFG", 40), ("TKM", 10)), False,
        (5, 20, 90), 4500, (("sorkheh", 5), ("garmsar", 3), ("semnan", 2), ("aradan", 1)),
        (
            _input("252010", "سنگ گچ", "Gypsum rock", TONNE, 1.15, 3, _here()),
            _i(_PP_SACKS, 0.0016, 1500, _here(4), _province("تهران", 1)),
        ),
        3.0, ("gypsum_rock",), _BUILDING_SEASON, 30,
    ),
    ProductKind(
        "gypsum_rock", "سنگ گچ", "Gypsum rock", "معدن گچ", "Gypsum mine", "252010", "0810", TONNE,
        Capacity(60_000, 0.8, 5_000, 500_000), _usd(3), 0.05, (("IRQ", 60), ("AFG", 40)), False, (4, 12, 50),
        4500, _MINES, (_i(_DIESEL, 0.0015, 500, _province("تهران"), _here(0.5)),),
        2.5, ("plaster",), None, 5, 0.1, False,
    ),
    ProductKind(
        "salt", "نمک صنعتی و خوراکی", "Industrial and table salt", "نمک", "Salt", "250100", "0893", TONNE,
        Capacity(30_000, 0.9, 2_000, 400_000), _usd(8), 0.15,
        (("IRQ", 40), ("AFG", 30), ("ARM", 15), ("RUS", 15)),
        False, (4, 15, 80), 4500,
        (("garmsar", 5), ("aradan", 3), ("sorkheh", 2), ("semnan", 2), ("damghan", 1)),
        (_i(_PP_SACKS, 0.0016, 1500, _here(4), _province("تهران", 1)),),
        2.0, ("sodium_sulphate",), None, 15, 0.3, False,
    ),
    ProductKind(
        "celestite", "کنسانتره سلستین", "Celestite concentrate", "سلستین", "Celestite", "253090", "0891",
        TONNE, Capacity(8_000, 0.8, 1_000, 60_000), _usd(120), 0.45,
        (("CHN", 40), ("IND", 20), ("TUR", 25), ("ARE", 15)),
        False, (5, 20, 80), 4500, (("damghan", 3), ("semnan", 2), ("shahrud", 2), ("garmsar", 1)),
        (_i(_DIESEL, 0.003, 500, _province("تهران"), _here(0.5)),),
        0.5, ("barite", "zeolite"), None, 40, 0.1, False,
    ),
    ProductKind(
        "zeolite", "زئولیت طبیعی", "Natural zeolite", "زئولیت", "Zeolite", "253090", "0899", TONNE,
        Capacity(10_000, 0.8, 1_000, 80_000), _usd(60), 0.25, (("IRQ", 30), ("TUR", 40), ("ARE", 30)), False,
        (4, 12, 50), 4500, (("semnan", 3), ("garmsar", 2), ("sorkheh", 1)),
        (_i(_DIESEL, 0.002, 500, _province("تهران"), _here(0.5)), _i(_PP_SACKS, 0.0016, 1500, _here())),
        0.4, ("celestite", "barite"), None, 30, 0.2, False,
    ),
    ProductKind(
        "sodium_sulphate", "سولفات سدیم", "Sodium sulphate", "سولفات سدیم", "Sodium sulphate", "283311",
        "0891", TONNE, Capacity(20_000, 0.8, 2_000, 150_000), _usd(90), 0.2,
        (("TUR", 30), ("IRQ", 25), ("IND", 20), ("PAK", 25)), False, (5, 20, 80), 4500,
        (("garmsar", 3), ("aradan", 2), ("semnan", 2)),
        (_i(_PP_SACKS, 0.0016, 1500, _here()),),
        0.5, ("salt",), None, 60, 0.3,
    ),
    ProductKind(
        "barite", "پودر باریت", "Barite powder", "باریت", "Barite", "251110", "0891", TONNE,
        Capacity(15_000, 0.8, 1_500, 100_000), _usd(90), 0.35,
        (("IRQ", 30), ("TUR", 20), ("RUS", 15), ("TKM", 15), ("ARE", 10), ("OMN", 10)), False, (5, 15, 60),
        4500,
        (("semnan", 2), ("damghan", 2), ("shahrud", 2), ("garmsar", 1)),
        (
            _input("251110", "سنگ باریت", "Barite ore", TONNE, 1.1, 40, _here(4), _province("کرمان", 1)),
            _i(_PP_SACKS, 0.0016, 1500, _here()),
        ),
        0.6, ("celestite", "zeolite"), None, 35, 0.3,
    ),
    # -- Tiles, glass and building materials ---------------------------------------------------------------
    ProductKind(
        "tiles_floor", "کاشی و سرامیک کف", "Ceramic floor tiles", "کاشی و سرامیک", "Tiles", "690722", "2392",
        SQUARE_METRE, Capacity(4_000_000, 0.5, 1_000_000, 8_000_000), _usd(3.0), 0.25,
        (("IRQ", 40), ("AFG", 25), ("AZE", 8), ("ARM", 8), ("TKM", 6), ("GEO", 5), ("RUS", 4), ("KWT", 4)),
        False, (60, 200, 600), 6500, (("garmsar", 4), ("semnan", 4), ("shahrud", 1), ("damghan", 1)),
        (
            _i(_CLAY, 0.018, 5, _here(5), _province("یزد", 1)),
            _input("252910", "فلدسپات", "Feldspar", TONNE, 0.005, 40, _province("همدان", 2),
                _province("یزد", 1)),
            _i(_GLAZE, 0.0012, 1000, _province("یزد", 3), _abroad("ESP", 3), _abroad("ITA", 2),
                _abroad("CHN", 2)),
            _i(_CARTONS, 0.0008, 800, _here(3), _province("تهران", 1)),
        ),
        0.2, ("tiles_wall", "porcelain"), _BUILDING_SEASON, 5,
    ),
    ProductKind(
        "tiles_wall", "کاشی دیوار", "Ceramic wall tiles", "کاشی", "Wall tiles", "690723", "2392",
        SQUARE_METRE, Capacity(3_000_000, 0.5, 1_000_000, 8_000_000), _usd(2.5), 0.25,
        (("IRQ", 45), ("AFG", 30), ("AZE", 8), ("ARM", 7), ("TKM", 10)), False, (60, 180, 500), 6500,
        (("garmsar", 4), ("semnan", 4), ("shahrud", 1), ("damghan", 1)),
        (
            _i(_CLAY, 0.015, 5, _here(5), _province("یزد", 1)),
            _i(_GLAZE, 0.001, 1000, _province("یزد", 3), _abroad("ESP", 3), _abroad("ITA", 2),
                _abroad("CHN", 2)),
            _i(_CARTONS, 0.0008, 800, _here(3), _province("تهران", 1)),
        ),
        0.1, ("tiles_floor", "porcelain"), _BUILDING_SEASON, 5,
    ),
    ProductKind(
        "porcelain", "کاشی پرسلانی", "Porcelain tiles", "کاشی پرسلانی", "Porcelain", "690721", "2392",
        SQUARE_METRE, Capacity(3_000_000, 0.5, 1_000_000, 8_000_000), _usd(5.0), 0.3,
        (("IRQ", 40), ("AFG", 20), ("RUS", 10), ("AZE", 10), ("ARM", 10), ("GEO", 10)), False, (80, 220, 600),
        6500, (("garmsar", 4), ("semnan", 4), ("shahrud", 1)),
        (
            _i(_CLAY, 0.02, 5, _here(5), _province("یزد", 1)),
            _input("252910", "فلدسپات", "Feldspar", TONNE, 0.008, 40, _province("همدان", 2),
                _province("یزد", 1)),
            _i(_GLAZE, 0.0012, 1000, _abroad("ESP", 3), _abroad("ITA", 3), _province("یزد", 2)),
        ),
        0.05, ("tiles_floor", "tiles_wall"), _BUILDING_SEASON, 6,
    ),
    ProductKind(
        "float_glass", "شیشه فلوت", "Float glass", "شیشه", "Glass", "700529", "2310", TONNE,
        Capacity(150_000, 0.3, 60_000, 250_000), _usd(280), 0.2, _BUILDING, False, (150, 250, 500), 6500,
        (("mehdishahr", 3), ("semnan", 2), ("garmsar", 1)),
        (
            _input("250510", "ماسه سیلیسی", "Silica sand", TONNE, 0.73, 20, _here()),
            _i(_SODA_ASH, 0.2, 250, _here(3), _province("یزد", 1)),
            _input("251810", "دولومیت", "Dolomite", TONNE, 0.18, 10, _here()),
            _i(_LIMESTONE, 0.06, 3, _here()),
        ),
        0.03, ("tempered_glass",), None, 200, 0.5,
    ),
    ProductKind(
        "tempered_glass", "شیشه سکوریت", "Tempered safety glass", "شیشه سکوریت", "Tempered glass", "700719",
        "2310", SQUARE_METRE, Capacity(150_000, 0.8, 20_000, 1_000_000), _usd(8), 0.05, _NEAR, False,
        (5, 15, 60), 4500, (("semnan", 3), ("shahrud", 2), ("garmsar", 2), ("damghan", 1)),
        (
            _input("700529", "شیشه فلوت", "Float glass", TONNE, 0.015, 280, _here(2), _province("قزوین", 3),
                _abroad("CHN", 1)),
        ),
        1.2, (), _BUILDING_SEASON, 8,
    ),
    ProductKind(
        "bricks", "آجر", "Fired clay bricks", "آجر", "Bricks", "690410", "2392", TONNE,
        Capacity(15_000, 0.8, 2_000, 100_000), _usd(30), 0.02, (("IRQ", 100),), False, (8, 25, 80), 4500,
        _EVERYWHERE, (_i(_CLAY, 1.15, 5, _here()),),
        2.5, (), _BUILDING_SEASON, 40, 0.3,
    ),
    ProductKind(
        "blocks", "بلوک سیمانی و قطعات بتنی", "Concrete blocks", "بلوک سیمانی", "Concrete blocks", "681011",
        "2395", TONNE, Capacity(8_000, 0.9, 500, 80_000), _usd(15), 0.0, (), False, (3, 10, 40), 4500,
        _EVERYWHERE,
        (
            _input("252329", "سیمان", "Cement", TONNE, 0.12, 30, _here(5), _province("تهران", 1)),
            _input("251710", "شن و ماسه", "Sand and gravel", TONNE, 0.85, 3, _here()),
        ),
        5.0, ("ready_mix",), _BUILDING_SEASON, 5, 0.6,
    ),
    ProductKind(
        "ready_mix", "بتن آماده", "Ready-mixed concrete", "بتن آماده", "Ready-mix concrete", "382450", "2395",
        CUBIC_METRE, Capacity(60_000, 0.7, 10_000, 300_000), _usd(40), 0.0, (), False, (8, 20, 60), 4500,
        _EVERYWHERE,
        (
            _input("252329", "سیمان", "Cement", TONNE, 0.33, 30, _here(5), _province("تهران", 1)),
            _input("251710", "شن و ماسه", "Sand and gravel", TONNE, 1.9, 3, _here()),
        ),
        1.0, ("blocks",), _BUILDING_SEASON, 4, 0.6,
    ),
    ProductKind(
        "stone", "سنگ تراورتن و مرمریت", "Travertine and marble slabs", "سنگ ساختمانی", "Building stone",
        "680291", "2396", SQUARE_METRE, Capacity(100_000, 0.9, 10_000, 800_000), _usd(10), 0.15,
        (("IRQ", 35), ("CHN", 25), ("TUR", 15), ("ARE", 15), ("AZE", 10)), False, (5, 15, 80), 4500,
        (("semnan", 2), ("shahrud", 2), ("damghan", 2), ("garmsar", 1)),
        (
            _input("251512", "قواره سنگ تراورتن و مرمریت", "Travertine and marble blocks", TONNE, 0.06, 60,
                _here(4), _province("اصفهان", 1)),
        ),
        2.5, (), _BUILDING_SEASON, 6, 0.6,
    ),
    # -- Vehicles and parts --------------------------------------------------------------------------------
    ProductKind(
        "auto_parts", "قطعات خودرو", "Motor vehicle parts", "قطعات خودرو", "Auto parts", "870899", "2930",
        PIECE, Capacity(300_000, 1.0, 10_000, 5_000_000), _usd(4), 0.05,
        (("IRQ", 40), ("AFG", 20), ("RUS", 20), ("AZE", 20)),
        False, (6, 24, 300), 4500, _AUTO,
        (
            _i(_STEEL_SHEET, 0.0015, 700, _province("اصفهان", 6), _province("خوزستان", 2)),
            _i(_PP, 0.0005, 1100, _province("خوزستان", 4), _province("بوشهر", 1)),
            _input("760120", "شمش آلیاژی آلومینیوم", "Aluminium alloy ingot", TONNE, 0.0004, 2600,
                _province("مرکزی", 3), _abroad("CHN", 1)),
        ),
        4.0, ("body_parts", "brake_parts", "suspension"), None, 2,
    ),
    ProductKind(
        "body_parts", "قطعات بدنه خودرو", "Car body parts", "قطعات بدنه", "Body parts", "870829", "2930",
        PIECE,
        Capacity(200_000, 1.0, 10_000, 3_000_000), _usd(8), 0.05, (("IRQ", 50), ("AFG", 25), ("RUS", 25)),
        False,
        (8, 26, 300), 4500, _AUTO,
        (_i(_STEEL_SHEET, 0.004, 700, _province("اصفهان", 6), _province("خوزستان", 2)),),
        1.5, ("auto_parts", "suspension"), None, 4,
    ),
    ProductKind(
        "brake_parts", "لنت و قطعات ترمز", "Brake pads and parts", "لنت ترمز", "Brake parts", "870830",
        "2930", PIECE, Capacity(500_000, 1.0, 20_000, 5_000_000), _usd(3), 0.1,
        (("IRQ", 40), ("AFG", 30), ("RUS", 30)),
        False, (6, 20, 200), 4500, _AUTO,
        (
            _i(_STEEL_SHEET, 0.0004, 700, _province("اصفهان")),
            _input("390940", "رزین فنولیک", "Phenolic resin", TONNE, 0.0001, 1800, _abroad("CHN", 3),
                _province("تهران", 1)),
        ),
        1.0, ("auto_parts", "suspension"), None, 1,
    ),
    ProductKind(
        "suspension", "کمک‌فنر و قطعات تعلیق", "Shock absorbers and suspension parts", "کمک‌فنر",
        "Suspension parts", "870880", "2930", PIECE, Capacity(250_000, 1.0, 10_000, 3_000_000), _usd(10),
        0.05,
        (("IRQ", 50), ("AFG", 25), ("RUS", 25)), False, (8, 26, 250), 4500, _AUTO,
        (
            _i(_STEEL_SHEET, 0.002, 700, _province("اصفهان")),
            _input("271019", "روغن هیدرولیک", "Hydraulic oil", TONNE, 0.0002, 900, _here(2),
                _province("تهران", 2)),
        ),
        0.8, ("auto_parts", "body_parts", "brake_parts"), None, 3,
    ),
    ProductKind(
        "buses", "اتوبوس و مینی‌بوس", "Buses and minibuses", "اتوبوس", "Bus", "870210", "2910", SET,
        Capacity(700, 0.5, 200, 2_000), _usd(90_000), 0.05, (("IRQ", 60), ("AFG", 25), ("TKM", 15)), False,
        (200, 500, 1200), 4500, (("semnan", 3), ("garmsar", 1)),
        (
            _input("840820", "موتور دیزل", "Diesel engine", PIECE, 1, 12000, _abroad("CHN", 3),
                _abroad("DEU", 1)),
            _i(_STEEL_SHEET, 4, 700, _province("اصفهان")),
            _input("401120", "تایر اتوبوسی", "Bus tyres", TYRE, 7, 250, _here(1), _province("تهران", 2),
                _abroad("CHN", 1)),
            _input("700711", "شیشه ایمنی خودرو", "Vehicle safety glass", TONNE, 0.2, 1500,
                _province("قزوین")),
        ),
        0.05, ("body_parts",), None, 3000,
    ),
    ProductKind(
        "tyres_car", "تایر سواری", "Passenger car tyres", "لاستیک", "Tyres", "401110", "2211", TYRE,
        Capacity(600_000, 0.6, 100_000, 3_000_000), _usd(40), 0.1, _NEAR, False, (100, 300, 900), 6500,
        (("mehdishahr", 3), ("semnan", 2), ("garmsar", 1)),
        (
            _input("400122", "لاستیک طبیعی", "Natural rubber", TONNE, 0.003, 1700, _abroad("MYS", 3),
                _abroad("IDN", 3), _abroad("THA", 3), _abroad("VNM", 1)),
            _input("400219", "لاستیک مصنوعی SBR", "Styrene-butadiene rubber", TONNE, 0.002, 1900,
                _province("خوزستان")),
            _input("280300", "دوده صنعتی", "Carbon black", TONNE, 0.0025, 1200, _province("خوزستان")),
            _input("731210", "سیم تایر", "Steel tyre cord", TONNE, 0.001, 2000, _abroad("CHN")),
        ),
        0.1, ("tyres_truck",), None, 12,
    ),
    ProductKind(
        "tyres_truck", "تایر باری و اتوبوسی", "Truck and bus tyres", "لاستیک سنگین", "Truck tyres", "401120",
        "2211",
        TYRE, Capacity(150_000, 0.6, 30_000, 600_000), _usd(250), 0.1, _NEAR, False, (100, 300, 900), 6500,
        (("mehdishahr", 3), ("semnan", 2), ("garmsar", 1)),
        (
            _input("400122", "لاستیک طبیعی", "Natural rubber", TONNE, 0.02, 1700, _abroad("MYS", 3),
                _abroad("IDN", 3), _abroad("THA", 3)),
            _input("280300", "دوده صنعتی", "Carbon black", TONNE, 0.015, 1200, _province("خوزستان")),
            _input("731210", "سیم تایر", "Steel tyre cord", TONNE, 0.008, 2000, _abroad("CHN")),
        ),
        0.02, ("tyres_car",), None, 60,
    ),
    # -- Metals --------------------------------------------------------------------------------------------
    ProductKind(
        "ferrosilicon", "فروسیلیسیم", "Ferrosilicon", "فروسیلیسیم", "Ferrosilicon", "720221", "2410", TONNE,
        Capacity(20_000, 0.6, 5_000, 60_000), _usd(1300), 0.55, _METAL, False, (60, 150, 400), 6500,
        (("damghan", 6), ("semnan", 1), ("shahrud", 1)),
        (
            _input("250610", "سنگ سیلیس (کوارتزیت)", "Quartzite", TONNE, 1.8, 15, _here()),
            _i(_COKE, 0.9, 350, _province("اصفهان", 3), _province("کرمان", 1)),
            _i(_SCRAP, 0.25, 300, _here()),
            _input("380190", "خمیر الکترود", "Electrode paste", TONNE, 0.05, 900, _abroad("CHN")),
        ),
        0.12, ("ferrosilicon_mn",), None, 8500, 0.5,
    ),
    ProductKind(
        "ferrosilicon_mn", "فروسیلیکومنگنز", "Ferro-silico-manganese", "فروآلیاژ", "Ferro-alloys", "720230",
        "2410",
        TONNE, Capacity(15_000, 0.6, 5_000, 40_000), _usd(1100), 0.4, _METAL, False, (50, 120, 300), 6500,
        (("damghan", 6), ("semnan", 1)),
        (
            _input("260200", "سنگ منگنز", "Manganese ore", TONNE, 2.0, 120, _province("کرمان"),
                _abroad("KAZ")),
            _i(_COKE, 0.5, 350, _province("اصفهان")),
        ),
        0.03, ("ferrosilicon",), None, 4000, 0.5,
    ),
    ProductKind(
        "billet", "شمش فولادی", "Steel billet", "فولاد", "Steel", "720711", "2410", TONNE,
        Capacity(60_000, 0.9, 2_000, 400_000), _usd(450), 0.25,
        (("IRQ", 30), ("AFG", 20), ("TUR", 20), ("ARE", 20), ("ARM", 10)), True, (20, 80, 400), 6500,
        (("damghan", 3), ("semnan", 2), ("shahrud", 2), ("garmsar", 2)),
        (
            _i(_SCRAP, 1.12, 300, _here(4), _province("تهران", 3)),
            _input("720221", "فروسیلیسیم", "Ferrosilicon", TONNE, 0.005, 1300, _here()),
            _input("720211", "فرومنگنز", "Ferromanganese", TONNE, 0.01, 1100, _province("اصفهان")),
        ),
        0.5, ("rebar",), None, 650,
    ),
    ProductKind(
        "rebar", "میلگرد", "Reinforcing bar", "نورد میلگرد", "Rebar", "721420", "2410", TONNE,
        Capacity(80_000, 0.8, 10_000, 500_000), _usd(500), 0.15,
        (("IRQ", 50), ("AFG", 30), ("ARM", 10), ("TKM", 10)),
        True, (20, 70, 300), 6500, (("damghan", 2), ("semnan", 2), ("shahrud", 2), ("garmsar", 2)),
        (_input("720711", "شمش فولادی", "Steel billet", TONNE, 1.04, 450, _here(3), _province("اصفهان", 2),
                _province("خراسان رضوی", 1)),),
        0.6, ("billet",), _BUILDING_SEASON, 120,
    ),
    ProductKind(
        "castings", "قطعات ریخته‌گری چدنی", "Iron castings", "ریخته‌گری", "Castings", "732510", "2431", TONNE,
        Capacity(2_000, 1.0, 100, 30_000), _usd(900), 0.05, (("IRQ", 60), ("AFG", 40)), False, (5, 15, 120),
        4500,
        (("semnan", 3), ("garmsar", 2), ("shahrud", 2), ("damghan", 2)),
        (
            _i(_SCRAP, 1.1, 300, _here(3), _province("تهران", 1)),
            _input("720110", "چدن خام", "Pig iron", TONNE, 0.3, 420, _province("اصفهان")),
            _i(_COKE, 0.12, 350, _province("اصفهان")),
        ),
        2.5, ("grinding_balls",), None, 700,
    ),
    ProductKind(
        "grinding_balls", "گلوله آسیا", "Grinding balls", "گلوله آسیا", "Grinding balls", "732591", "2431",
        TONNE, Capacity(5_000, 0.8, 500, 30_000), _usd(900), 0.15,
        (("IRQ", 30), ("AFG", 20), ("TUR", 20), ("ARM", 30)),
        False, (10, 30, 120), 4500, (("semnan", 2), ("garmsar", 2), ("damghan", 2), ("shahrud", 1)),
        (_i(_SCRAP, 1.1, 300, _here(3), _province("تهران", 1)),
            _input("720241", "فروکروم", "Ferrochrome", TONNE, 0.02, 1500, _province("کرمان"))),
        0.4, ("castings",), None, 700,
    ),
    ProductKind(
        "lead", "شمش سرب", "Unwrought lead", "سرب", "Lead", "780199", "2420", TONNE,
        Capacity(6_000, 0.8, 500, 40_000), _usd(1900), 0.5,
        (("TUR", 20), ("IND", 20), ("CHN", 15), ("ARE", 15), ("KOR", 10), ("VNM", 10), ("PAK", 10)), False,
        (6, 22, 120), 6500, (("garmsar", 3), ("semnan", 2), ("shahrud", 1), ("damghan", 1)),
        (
            _input("780200", "قراضه سرب (باتری مستعمل)", "Lead scrap (spent batteries)", TONNE, 1.6, 900,
                _here(3), _province("تهران", 5)),
            _i(_SODA_ASH, 0.05, 250, _here()),
            _i(_COKE, 0.05, 350, _province("اصفهان")),
        ),
        1.0, ("refined_lead",), None, 500,
    ),
    ProductKind(
        "refined_lead", "سرب تصفیه‌شده", "Refined lead", "سرب تصفیه‌شده", "Refined lead", "780110", "2420",
        TONNE, Capacity(5_000, 0.8, 500, 30_000), _usd(2100), 0.5,
        (("TUR", 30), ("IND", 25), ("CHN", 25), ("ARE", 20)),
        False, (8, 30, 120), 6500, (("garmsar", 3), ("semnan", 2)),
        (_input("780199", "شمش سرب", "Unwrought lead", TONNE, 1.03, 1900, _here()),),
        0.2, ("lead",), None, 300,
    ),
    # -- Chemicals and oil products --------------------------------------------------------------------------
    ProductKind(
        "caustic_soda", "سود سوزآور پرک", "Caustic soda flakes", "سود سوزآور", "Caustic soda", "281511",
        "2011", TONNE, Capacity(60_000, 0.6, 10_000, 250_000), _usd(350), 0.3,
        (("IRQ", 25), ("AFG", 20), ("TUR", 10), ("PAK", 10), ("UZB", 10), ("TKM", 10), ("ARM", 5),
            ("RUS", 10)),
        False, (60, 150, 400), 6500, _CHEMICALS,
        (_i(_SALT, 1.6, 8, _here()),),
        0.15, ("hcl", "calcium_chloride"), None, 2600, 0.8,
    ),
    ProductKind(
        "hcl", "اسید کلریدریک", "Hydrochloric acid", "اسید کلریدریک", "Hydrochloric acid", "280610", "2011",
        TONNE,
        Capacity(30_000, 0.7, 3_000, 150_000), _usd(80), 0.2, (("IRQ", 40), ("AFG", 40), ("TKM", 20)), False,
        (10, 40, 150), 6500, _CHEMICALS, (_i(_SALT, 0.9, 8, _here()),),
        0.2, ("caustic_soda", "calcium_chloride"), None, 300, 0.8,
    ),
    ProductKind(
        "sulphuric_acid", "اسید سولفوریک", "Sulphuric acid", "اسید سولفوریک", "Sulphuric acid", "280700",
        "2011", TONNE, Capacity(60_000, 0.7, 5_000, 300_000), _usd(60), 0.2,
        (("IRQ", 40), ("AFG", 30), ("TKM", 15), ("UZB", 15)),
        False, (15, 45, 150), 6500, _CHEMICALS,
        (_input("250300", "گوگرد", "Sulphur", TONNE, 0.33, 100, _province("بوشهر", 3),
                _province("خوزستان", 2)),),
        0.35, (), None, 40, 0.8,
    ),
    ProductKind(
        "calcium_chloride", "کلرید کلسیم", "Calcium chloride", "کلرید کلسیم", "Calcium chloride", "282720",
        "2011", TONNE, Capacity(20_000, 0.7, 2_000, 100_000), _usd(150), 0.4,
        (("IRQ", 25), ("RUS", 25), ("TUR", 20), ("KAZ", 15), ("AZE", 15)), False, (10, 35, 120), 6500,
        _CHEMICALS,
        (
            _i(_LIMESTONE, 0.95, 3, _here()),
            _input("280610", "اسید کلریدریک", "Hydrochloric acid", TONNE, 1.3, 80, _here()),
        ),
        0.35, ("hcl", "soda_ash"), None, 150, 0.8,
    ),
    ProductKind(
        "soda_ash", "کربنات سدیم (سودا اش)", "Soda ash", "سودا اش", "Soda ash", "283620", "2011", TONNE,
        Capacity(150_000, 0.5, 50_000, 400_000), _usd(250), 0.3,
        (("IRQ", 25), ("AFG", 20), ("PAK", 15), ("TUR", 15), ("ARM", 10), ("UZB", 15)), False,
        (150, 300, 700),
        6500, (("semnan", 2), ("garmsar", 2)),
        (
            _i(_SALT, 1.6, 8, _here()), _i(_LIMESTONE, 1.3, 3, _here()),
            _input("281410", "آمونیاک", "Ammonia", TONNE, 0.004, 450, _province("خراسان رضوی", 2),
                _province("فارس", 1)),
            _i(_COKE, 0.08, 350, _province("اصفهان")),
        ),
        0.06, ("calcium_chloride",), None, 150, 0.6,
    ),
    ProductKind(
        "detergent", "پودر شوینده", "Detergent powder", "شوینده", "Detergents", "340250", "2023", TONNE,
        Capacity(15_000, 1.0, 1_000, 150_000), _usd(700), 0.3,
        (("IRQ", 30), ("AFG", 30), ("TKM", 8), ("ARM", 5), ("AZE", 5), ("PAK", 5), ("TJK", 5), ("RUS", 7),
            ("UZB", 5)),
        True, (8, 25, 300), 4500, (("garmsar", 4), ("semnan", 3), ("shahrud", 1), ("damghan", 1)),
        (
            _i(_LABSA, 0.18, 1300, _province("اصفهان", 2), _province("تهران", 1)),
            _input("283311", "سولفات سدیم", "Sodium sulphate", TONNE, 0.25, 90, _here()),
            _i(_SODA_ASH, 0.15, 250, _here(3), _province("یزد", 1)),
            _input("283531", "تری‌پلی‌فسفات سدیم", "Sodium tripolyphosphate", TONNE, 0.1, 1000,
                _province("تهران"), _abroad("CHN", 1)),
            _input("350790", "آنزیم شوینده", "Detergent enzymes", TONNE, 0.005, 4000, _abroad("DEU", 2),
                _abroad("CHN", 3)),
            _i(_CARTONS, 0.04, 800, _here(3), _province("تهران", 1)),
        ),
        1.5, ("liquid_detergent",), None, 80,
    ),
    ProductKind(
        "liquid_detergent", "مایع ظرفشویی و شوینده مایع", "Liquid detergents", "شوینده مایع",
        "Liquid detergents",
        "340290", "2023", TONNE, Capacity(8_000, 1.0, 500, 80_000), _usd(600), 0.25, _NEAR, True,
        (6, 18, 200), 4500,
        (("garmsar", 4), ("semnan", 3), ("shahrud", 1), ("damghan", 1)),
        (
            _i(_LABSA, 0.12, 1300, _province("اصفهان", 2), _province("تهران", 1)),
            _input("392330", "بطری پلاستیکی", "Plastic bottles", TONNE, 0.04, 1700, _here()),
        ),
        0.8, ("detergent",), None, 40,
    ),
    ProductKind(
        "base_oil", "روغن پایه", "Base oil", "روغن پایه", "Base oil", "271019", "1920", TONNE,
        Capacity(20_000, 0.8, 3_000, 150_000), _usd(650), 0.25,
        (("IRQ", 30), ("AFG", 25), ("ARE", 15), ("PAK", 10), ("IND", 10), ("TKM", 10)), False, (8, 25, 150),
        6500,
        (("garmsar", 3), ("semnan", 2), ("shahrud", 2), ("damghan", 1), ("aradan", 1)),
        (_input("271099", "روغن کارکرده و ته‌مانده خلأ", "Used oil and vacuum residue", TONNE, 1.25, 300,
                _here(2), _province("تهران", 4), _province("اصفهان", 2)),),
        0.7, ("light_hc",), None, 120, 0.7,
    ),
    ProductKind(
        "light_hc", "هیدروکربن سبک (حلال)", "Light hydrocarbons (solvents)", "هیدروکربن سبک",
        "Light hydrocarbons", "271012", "1920", TONNE, Capacity(40_000, 0.8, 5_000, 200_000), _usd(500), 0.5,
        (("IRQ", 30), ("AFG", 25), ("ARE", 15), ("PAK", 15), ("TKM", 15)), False, (8, 25, 150), 6500,
        (("garmsar", 3), ("semnan", 2), ("shahrud", 2), ("aradan", 1)),
        (_input("270900", "میعانات گازی", "Gas condensate", TONNE, 1.05, 450, _province("بوشهر", 5),
                _province("خوزستان", 3)),),
        0.4, ("base_oil",), None, 60, 0.7,
    ),
    # -- Plastics and fibres ---------------------------------------------------------------------------------
    ProductKind(
        "disposables", "ظروف یکبار مصرف", "Disposable plastic tableware", "ظروف یکبار مصرف", "Disposables",
        "392410", "2220", TONNE, Capacity(1_500, 0.9, 100, 15_000), _usd(1800), 0.3,
        (("IRQ", 40), ("AFG", 30), ("TKM", 10), ("ARM", 5), ("AZE", 5), ("GEO", 5), ("TJK", 5)), False,
        (5, 18, 120), 4500,
        (("garmsar", 4), ("semnan", 3), ("shahrud", 2), ("damghan", 1), ("mehdishahr", 1)),
        (
            _input("390319", "پلی‌استایرن", "Polystyrene", TONNE, 0.6, 1300, _province("خوزستان", 3),
                _province("بوشهر", 1)),
            _i(_PP, 0.45, 1100, _province("خوزستان", 4), _province("بوشهر", 1)),
            _input("320649", "مستربچ", "Masterbatch", TONNE, 0.02, 1500, _here(2), _province("تهران", 2)),
            _i(_CARTONS, 0.05, 800, _here(3), _province("تهران", 1)),
        ),
        3.5, ("plastic_containers", "pp_sacks"), None, 900,
    ),
    ProductKind(
        "plastic_containers", "ظروف و بطری‌های پلاستیکی", "Plastic bottles and containers", "ظروف پلاستیکی",
        "Plastic containers", "392330", "2220", TONNE, Capacity(1_200, 0.9, 100, 12_000), _usd(1700), 0.2,
        _NEAR, False, (5, 15, 100), 4500, (("garmsar", 3), ("semnan", 3), ("shahrud", 2), ("damghan", 1)),
        (_i(_HDPE, 1.03, 1100, _province("خوزستان", 3), _province("بوشهر", 1)),
            _input("320649", "مستربچ", "Masterbatch", TONNE, 0.02, 1500, _here(2), _province("تهران", 2))),
        2.0, ("disposables", "pe_pipe"), None, 900,
    ),
    ProductKind(
        "pp_sacks", "کیسه بافته پلی‌پروپیلن", "Woven polypropylene sacks", "کیسه پلی‌پروپیلن", "PP sacks",
        "630533", "1392", TONNE, Capacity(2_500, 0.8, 200, 20_000), _usd(1500), 0.2,
        (("IRQ", 40), ("AFG", 30), ("TKM", 15), ("UZB", 15)), False, (6, 20, 120), 4500,
        (("garmsar", 4), ("semnan", 3), ("shahrud", 1), ("damghan", 1)),
        (_i(_PP, 0.95, 1100, _province("خوزستان", 4), _province("بوشهر", 1)), _i(_CACO3, 0.06, 40, _here())),
        2.5, ("disposables",), None, 800,
    ),
    ProductKind(
        "pvc_pipe", "لوله و اتصالات پی‌وی‌سی", "PVC pipes and fittings", "لوله پی‌وی‌سی", "PVC pipes",
        "391723",
        "2220", TONNE, Capacity(3_000, 0.9, 200, 30_000), _usd(1100), 0.1, (("IRQ", 60), ("AFG", 40)), False,
        (5, 16, 120), 4500, _EVERYWHERE,
        (
            _input("390410", "پی‌وی‌سی", "PVC resin", TONNE, 0.85, 900, _province("خوزستان", 4),
                _province("بوشهر", 1)),
            _i(_CACO3, 0.15, 40, _here()),
        ),
        2.0, ("pe_pipe",), _BUILDING_SEASON, 600,
    ),
    ProductKind(
        "pe_pipe", "لوله پلی‌اتیلن", "Polyethylene pipes", "لوله پلی‌اتیلن", "PE pipes", "391721", "2220",
        TONNE,
        Capacity(4_000, 0.9, 300, 40_000), _usd(1200), 0.1, (("IRQ", 60), ("AFG", 40)), False, (5, 16, 120),
        4500, _EVERYWHERE, (_i(_HDPE, 1.02, 1100, _province("خوزستان", 3), _province("بوشهر", 1)),),
        1.5, ("pvc_pipe", "plastic_containers"), _BUILDING_SEASON, 600,
    ),
    ProductKind(
        "polyester", "الیاف پلی‌استر", "Polyester staple fibre", "الیاف پلی‌استر", "Polyester fibre",
        "550320", "2030", TONNE, Capacity(6_000, 0.6, 1_000, 25_000), _usd(1100), 0.2,
        (("TUR", 40), ("AFG", 20), ("IRQ", 20), ("PAK", 20)), False, (20, 40, 150), 6500,
        (("garmsar", 5), ("semnan", 1)),
        (
            _input("390761", "چیپس پی‌ای‌تی", "PET chips", TONNE, 0.6, 1000, _province("خوزستان")),
            _input("391590", "پرک پی‌ای‌تی بازیافتی", "Recycled PET flakes", TONNE, 0.5, 500, _here(2),
                _province("تهران", 3)),
        ),
        0.35, (), None, 900,
    ),
    # -- Electrical equipment and appliances -----------------------------------------------------------------
    ProductKind(
        "cable", "سیم و کابل برق", "Insulated wire and cable", "سیم و کابل", "Wire and cable", "854449",
        "2732", TONNE, Capacity(3_000, 1.0, 200, 30_000), _usd(4500), 0.25,
        (("IRQ", 40), ("AFG", 25), ("TKM", 5), ("ARM", 5), ("GEO", 5), ("AZE", 5), ("SYR", 5), ("UZB", 5),
            ("KGZ", 5)),
        False, (8, 26, 300), 4500, _ELECTRICAL,
        (
            _input("740811", "مفتول مس", "Copper wire rod", TONNE, 0.65, 9000, _province("کرمان", 5),
                _province("مرکزی", 1)),
            _input("390422", "کامپاند پی‌وی‌سی", "PVC compound", TONNE, 0.3, 1100, _here(1),
                _province("تهران", 2), _province("خوزستان", 2)),
            _input("760511", "مفتول آلومینیوم", "Aluminium wire", TONNE, 0.1, 2800, _province("مرکزی")),
            _input("441510", "قرقره چوبی", "Wooden cable drums", TONNE, 0.03, 300, _here()),
        ),
        1.6, ("power_cable",), None, 400,
    ),
    ProductKind(
        "power_cable", "کابل فشار قوی و زمینی", "High-voltage and underground cable", "کابل", "Cable",
        "854460", "2732", TONNE, Capacity(4_000, 0.8, 500, 30_000), _usd(5000), 0.3,
        (("IRQ", 50), ("AFG", 30), ("SYR", 20)),
        False, (20, 60, 400), 4500, _ELECTRICAL,
        (
            _input("740811", "مفتول مس", "Copper wire rod", TONNE, 0.6, 9000, _province("کرمان")),
            _input("390110", "پلی‌اتیلن (XLPE)", "Polyethylene (XLPE)", TONNE, 0.25, 1300,
                _province("خوزستان"), _abroad("KOR", 1)),
        ),
        0.3, ("cable",), None, 500,
    ),
    ProductKind(
        "cooler", "کولر آبی", "Evaporative air cooler", "کولر", "Coolers", "847960", "2819", SET,
        Capacity(40_000, 0.9, 2_000, 300_000), _usd(120), 0.25, _APPLIANCES, False, (8, 30, 400), 4500,
        _ELECTRICAL,
        (
            _input("721049", "ورق گالوانیزه", "Galvanised steel sheet", TONNE, 0.025, 800,
                _province("اصفهان", 4)),
            _input(*_MOTOR, 1, 30, _here(1), _province("تهران", 2), _abroad("CHN", 3)),
            _input("841370", "پمپ آب", "Water pump", PIECE, 1, 8, _abroad("CHN", 3), _province("تهران", 1)),
            _input("482390", "پوشال سلولزی", "Cellulose cooling pads", TONNE, 0.003, 1200,
                _abroad("CHN", 3), _province("تهران", 1)),
        ),
        1.5, ("fan",), _COOLER_SEASON, 40,
    ),
    ProductKind(
        "fan", "پنکه و هواکش", "Electric fans", "پنکه", "Fans", "841451", "2750", SET,
        Capacity(50_000, 0.9, 2_000, 400_000), _usd(30), 0.15, _APPLIANCES, False, (6, 20, 150), 4500,
        _ELECTRICAL,
        (
            _input(*_MOTOR, 1, 12, _abroad("CHN", 3), _province("تهران", 1)),
            _i(_PP, 0.002, 1100, _province("خوزستان")),
        ),
        0.6, ("cooler",), _COOLER_SEASON, 10,
    ),
    ProductKind(
        "washing_machine", "ماشین لباسشویی", "Washing machines", "لوازم خانگی", "Home appliances", "845011",
        "2750",
        SET, Capacity(80_000, 0.7, 10_000, 500_000), _usd(250), 0.15, _APPLIANCES, False, (50, 150, 800),
        4500,
        (("semnan", 3), ("garmsar", 1), ("shahrud", 1)),
        (
            _i(_STEEL_SHEET, 0.02, 700, _province("اصفهان")),
            _input(*_MOTOR, 1, 40, _abroad("CHN", 3), _abroad("TUR", 1)),
            _i(_PP, 0.012, 1100, _province("خوزستان")),
            _input("853710", "برد کنترل", "Control boards", PIECE, 1, 25, _abroad("CHN", 4),
                _abroad("TUR", 1)),
        ),
        0.25, ("fan",), None, 60,
    ),
    ProductKind(
        "led_lamp", "لامپ ال‌ای‌دی", "LED lamps", "لامپ", "Lamps", "853952", "2740", PIECE,
        Capacity(2_000_000, 1.0, 100_000, 20_000_000), _usd(1), 0.1, (("IRQ", 60), ("AFG", 40)), False,
        (8, 25, 200), 4500, (("semnan", 3), ("shahrud", 3), ("garmsar", 1)),
        (
            _input("854141", "تراشه ال‌ای‌دی", "LED chips", PIECE, 8, 0.05, _abroad("CHN")),
            _input("850440", "درایور", "LED drivers", PIECE, 1, 0.2, _abroad("CHN", 3), _here(1)),
            _input("390740", "پلی‌کربنات", "Polycarbonate", TONNE, 0.00003, 2500, _abroad("KOR", 1),
                _abroad("CHN", 2)),
        ),
        0.5, (), None, 0.05,
    ),
    ProductKind(
        "enamelware", "ظروف لعابی", "Enamelled cookware", "ظروف لعابی", "Enamelware", "732394", "2599", TONNE,
        Capacity(800, 0.7, 100, 5_000), _usd(2500), 0.15, (("IRQ", 50), ("AFG", 30), ("TKM", 20)), False,
        (8, 25, 150), 4500, (("garmsar", 4), ("semnan", 2)),
        (
            _input("720917", "ورق فولادی نازک", "Thin cold-rolled steel sheet", TONNE, 1.1, 750,
                _province("اصفهان")),
            _i(_GLAZE, 0.08, 1000, _abroad("TUR", 2), _abroad("ITA", 1), _province("یزد", 2)),
        ),
        0.4, (), None, 900,
    ),
    # -- Food and agriculture ------------------------------------------------------------------------------
    ProductKind(
        "dairy", "شیر پاستوریزه و ماست", "Pasteurised milk and yoghurt", "لبنیات", "Dairy", "040120", "1050",
        TONNE,
        Capacity(12_000, 1.0, 500, 120_000), _usd(450), 0.05, (("IRQ", 60), ("AFG", 40)), True, (6, 22, 250),
        4500, _EVERYWHERE,
        (
            _i(_RAW_MILK, 1.03, 400, _here(5), _province("تهران", 1)),
            _input("392321", "بسته‌بندی پلی‌اتیلن", "Polyethylene packaging", TONNE, 0.01, 1500, _here(1),
                _province("تهران", 2)),
        ),
        2.0, ("butter", "cheese"), _DAIRY_SEASON, 80, 0.7,
    ),
    ProductKind(
        "butter", "کره حیوانی", "Butter", "کره", "Butter", "040510", "1050", TONNE,
        Capacity(2_000, 0.7, 200, 15_000), _usd(5000), 0.2,
        (("RUS", 25), ("IRQ", 20), ("ARE", 15), ("AFG", 15), ("ARM", 10), ("KWT", 5), ("QAT", 5), ("OMN", 5)),
        True, (15, 40, 150), 4500,
        (("semnan", 3), ("shahrud", 3), ("damghan", 1), ("garmsar", 1), ("mehdishahr", 1)),
        (_i(_RAW_MILK, 20, 400, _here(3), _province("تهران", 1), _province("خراسان رضوی", 1)),),
        0.3, ("milk_powder", "dairy"), _DAIRY_SEASON, 300, 0.7,
    ),
    ProductKind(
        "milk_powder", "شیر خشک صنعتی", "Milk powder", "شیر خشک", "Milk powder", "040221", "1050", TONNE,
        Capacity(4_000, 0.6, 500, 20_000), _usd(3000), 0.25, _FOOD, True, (20, 60, 200), 6500,
        (("semnan", 3), ("shahrud", 3), ("garmsar", 1)),
        (_i(_RAW_MILK, 8.5, 400, _here(3), _province("تهران", 1), _province("خراسان رضوی", 1)),),
        0.15, ("butter", "dairy"), _DAIRY_SEASON, 900, 0.7,
    ),
    ProductKind(
        "cheese", "پنیر", "Cheese", "پنیر", "Cheese", "040690", "1050", TONNE,
        Capacity(2_000, 0.9, 100, 20_000), _usd(3500), 0.1, _FOOD, True, (5, 18, 150), 4500, _EVERYWHERE,
        (_i(_RAW_MILK, 7, 400, _here(4), _province("تهران", 1)),),
        0.4, ("dairy", "butter"), _DAIRY_SEASON, 300, 0.7,
    ),
    ProductKind(
        "broiler", "مرغ گوشتی (وزن زنده)", "Broiler chickens (live weight)", "مرغ گوشتی", "Broiler", "010594",
        "0146", TONNE, Capacity(300, 0.7, 50, 3_000), _usd(1600), 0.0, (), True, (3, 5, 25), 4500,
        _EVERYWHERE,
        (
            _i(_FEED, 1.8, 400, _here(3), _province("تهران", 1)),
            _input("010511", "جوجه یک‌روزه", "Day-old chicks", PIECE, 420, 0.5, _here(2),
                _province("مازندران", 2), _province("گلستان", 1)),
        ),
        8.0, (), None, 150, 0.0, False,
    ),
    ProductKind(
        "eggs", "تخم‌مرغ", "Hen eggs", "مرغ تخم‌گذار", "Layer farm", "040721", "0146", TONNE,
        Capacity(700, 0.8, 50, 6_000), _usd(1400), 0.1, (("AFG", 40), ("IRQ", 40), ("QAT", 10), ("OMN", 10)),
        True,
        (4, 12, 60), 4500, _EVERYWHERE, (_i(_FEED, 2.1, 400, _here(3), _province("تهران", 1)),),
        2.0, (), None, 200, 0.0, False,
    ),
    ProductKind(
        "chicken_meat", "گوشت مرغ", "Chicken meat", "کشتارگاه طیور", "Poultry slaughterhouse", "020711",
        "1010",
        TONNE, Capacity(8_000, 0.7, 1_000, 40_000), _usd(2200), 0.05, (("IRQ", 60), ("AFG", 40)), True,
        (20, 60, 250), 6500, _EVERYWHERE,
        (_input("010594", "مرغ زنده", "Live broilers", TONNE, 1.4, 1600, _here()),),
        0.4, (), None, 250, 0.4,
    ),
    ProductKind(
        "flour", "آرد گندم", "Wheat flour", "آرد", "Flour", "110100", "1061", TONNE,
        Capacity(30_000, 0.4, 10_000, 60_000), _usd(350), 0.0, (), True, (20, 40, 120), 6500,
        (("semnan", 2), ("shahrud", 2), ("damghan", 1), ("garmsar", 1)),
        (_input("100199", "گندم", "Wheat", TONNE, 1.3, 280, _here(3), _province("گلستان", 2),
                _province("خراسان رضوی", 1), _abroad("RUS", 2), _abroad("KAZ", 1)),),
        0.2, ("bran",), None, 60, 0.6,
    ),
    ProductKind(
        "bran", "سبوس گندم", "Wheat bran", "سبوس", "Bran", "230230", "1061", TONNE,
        Capacity(7_000, 0.4, 2_000, 15_000), _usd(150), 0.0, (), True, (20, 40, 120), 6500,
        (("semnan", 2), ("shahrud", 2), ("damghan", 1), ("garmsar", 1)),
        (_input("100199", "گندم", "Wheat", TONNE, 4.5, 280, _here(3), _province("گلستان", 2)),),
        0.0, ("flour",), None, 20, 0.6,
    ),
    ProductKind(
        "feed", "خوراک دام و طیور", "Animal and poultry feed", "خوراک دام", "Animal feed", "230990", "1080",
        TONNE, Capacity(20_000, 0.9, 2_000, 150_000), _usd(400), 0.02, (("AFG", 60), ("IRQ", 40)), True,
        (6, 18, 120), 4500,
        (("garmsar", 3), ("semnan", 2), ("shahrud", 2), ("damghan", 1)),
        (
            _input("100590", "ذرت دامی", "Feed maize", TONNE, 0.6, 280, _abroad("BRA", 4),
                _abroad("RUS", 2), _abroad("UKR", 2), _abroad("ARG", 1)),
            _input("230400", "کنجاله سویا", "Soybean meal", TONNE, 0.25, 450, _abroad("ARG", 4),
                _abroad("BRA", 3)),
            _input("230230", "سبوس گندم", "Wheat bran", TONNE, 0.08, 150, _here()),
        ),
        1.2, (), None, 30, 0.6,
    ),
    ProductKind(
        "pistachio", "پسته خشک با پوست", "Dried in-shell pistachios", "فرآوری پسته", "Pistachio processing",
        "080251", "1030", TONNE, Capacity(150, 0.9, 20, 2_000), _usd(7000), 0.5, _NUTS, False, (4, 10, 60),
        4500,
        (("damghan", 12), ("shahrud", 2), ("meyami", 1), ("semnan", 1), ("garmsar", 0.5)),
        (_input("080251", "پسته تر", "Fresh pistachios", TONNE, 3.0, 2500, _here()),),
        6.0, ("shelled_pistachio",), _PISTACHIO_SEASON, 60, 0.15, False,
    ),
    ProductKind(
        "shelled_pistachio", "مغز پسته", "Shelled pistachio kernels", "مغز پسته", "Pistachio kernels",
        "080252",
        "1030", TONNE, Capacity(60, 0.9, 10, 800), _usd(15000), 0.5, _NUTS, False, (4, 10, 60), 4500,
        (("damghan", 12), ("shahrud", 2), ("semnan", 1)),
        (_input("080251", "پسته تر", "Fresh pistachios", TONNE, 6.5, 2500, _here()),),
        0.3, ("pistachio",), _PISTACHIO_SEASON, 80, 0.15, False,
    ),
    ProductKind(
        "pomegranate_paste", "رب انار", "Pomegranate paste", "رب انار", "Pomegranate paste", "200899",
        "1030", TONNE, Capacity(800, 0.9, 50, 10_000), _usd(2000), 0.3,
        (("RUS", 30), ("IRQ", 20), ("ARE", 10), ("DEU", 10), ("KWT", 10), ("ARM", 10), ("QAT", 10)), False,
        (5, 15, 80), 4500, (("garmsar", 4), ("aradan", 3), ("semnan", 2), ("mehdishahr", 1), ("sorkheh", 1)),
        (_input("081090", "انار", "Fresh pomegranates", TONNE, 5.0, 250, _here()),),
        1.5, ("pomegranate_juice",), _POMEGRANATE_SEASON, 150, 0.3, False,
    ),
    ProductKind(
        "pomegranate_juice", "آب انار", "Pomegranate juice", "آب انار", "Pomegranate juice", "200989",
        "1030", TONNE,
        Capacity(1_500, 0.9, 100, 15_000), _usd(900), 0.2, (("RUS", 40), ("IRQ", 30), ("ARE", 30)), False,
        (5, 15, 80), 4500, (("garmsar", 4), ("aradan", 3), ("semnan", 2), ("mehdishahr", 1), ("sorkheh", 1)),
        (_input("081090", "انار", "Fresh pomegranates", TONNE, 1.9, 250, _here()),),
        0.6, ("pomegranate_paste",), _POMEGRANATE_SEASON, 80, 0.3, False,
    ),
    ProductKind(
        "confectionery", "شیرینی و آبنبات", "Sugar confectionery", "شیرینی و شکلات", "Confectionery",
        "170490", "1073", TONNE, Capacity(1_200, 0.9, 50, 15_000), _usd(2000), 0.2,
        (("IRQ", 40), ("AFG", 30), ("TKM", 10), ("AZE", 10), ("RUS", 10)), False, (5, 20, 200), 4500,
        (("semnan", 3), ("shahrud", 2), ("garmsar", 2), ("damghan", 1)),
        (
            _i(_SUGAR, 0.6, 600, _province("خوزستان", 2), _province("خراسان رضوی", 2), _abroad("BRA", 1)),
            _input("170230", "گلوکز مایع", "Glucose syrup", TONNE, 0.3, 600, _province("تهران")),
            _i(_CARTONS, 0.05, 800, _here(3), _province("تهران", 1)),
        ),
        1.5, ("chocolate", "biscuits"), _SWEETS_SEASON, 300,
    ),
    ProductKind(
        "chocolate", "شکلات", "Chocolate", "شکلات", "Chocolate", "180690", "1073", TONNE,
        Capacity(1_000, 0.9, 50, 10_000), _usd(4000), 0.25,
        (("IRQ", 40), ("AFG", 30), ("RUS", 15), ("AZE", 15)),
        False, (6, 22, 250), 4500, (("semnan", 3), ("shahrud", 2), ("garmsar", 2)),
        (
            _input("180400", "کره کاکائو", "Cocoa butter", TONNE, 0.2, 6000, _abroad("MYS", 3),
                _abroad("IDN", 2), _abroad("NLD", 1)),
            _input("180500", "پودر کاکائو", "Cocoa powder", TONNE, 0.1, 3000, _abroad("MYS", 2),
                _abroad("NLD", 1)),
            _i(_SUGAR, 0.45, 600, _province("خوزستان", 2), _province("خراسان رضوی", 2)),
            _input("040221", "شیر خشک", "Milk powder", TONNE, 0.1, 3000, _here(3), _province("تهران", 1)),
        ),
        0.8, ("confectionery", "biscuits"), _SWEETS_SEASON, 400,
    ),
    ProductKind(
        "biscuits", "بیسکویت و کیک", "Biscuits and cakes", "بیسکویت", "Biscuits", "190531", "1071", TONNE,
        Capacity(2_000, 0.9, 100, 20_000), _usd(1800), 0.2,
        (("IRQ", 45), ("AFG", 35), ("TKM", 10), ("TJK", 10)),
        False, (6, 22, 250), 4500, (("semnan", 3), ("shahrud", 2), ("garmsar", 2), ("damghan", 1)),
        (
            _i(_FLOUR, 0.6, 350, _here(4), _province("تهران", 1)),
            _i(_SUGAR, 0.25, 600, _province("خوزستان", 2), _province("خراسان رضوی", 2)),
            _input("151790", "روغن قنادی", "Shortening", TONNE, 0.15, 1300, _province("تهران", 3),
                _abroad("MYS", 1)),
        ),
        1.5, ("confectionery", "chocolate"), _SWEETS_SEASON, 250,
    ),
)
# fmt: on

KINDS: dict[str, ProductKind] = {k.key: k for k in CATALOGUE}

# -- Words for names and addresses ------------------------------------------------------------------------

#: Neutral words (trees, flowers, landscape) for unit names; none is a known brand on its own, and every name
#: also carries the product and a serial number («شرکت تولیدی کاشی و سرامیک نارون ۱۲»).
NAME_WORDS: tuple[tuple[str, str], ...] = (
    ("نارون", "Narvan"),
    ("سپیدار", "Sepidar"),
    ("افرا", "Afra"),
    ("بلوط", "Balut"),
    ("چنار", "Chenar"),
    ("سرو", "Sarv"),
    ("کاج", "Kaj"),
    ("صنوبر", "Sanowbar"),
    ("ارغوان", "Arghavan"),
    ("نسترن", "Nastaran"),
    ("یاس", "Yas"),
    ("لاله", "Laleh"),
    ("نیلوفر", "Nilufar"),
    ("شقایق", "Shaghayegh"),
    ("سپیده", "Sepideh"),
    ("مهتاب", "Mahtab"),
    ("آفتاب", "Aftab"),
    ("ستاره", "Setareh"),
    ("کوهپایه", "Kuhpayeh"),
    ("دشت", "Dasht"),
    ("چشمه", "Cheshmeh"),
    ("آبشار", "Abshar"),
    ("نسیم", "Nasim"),
    ("باران", "Baran"),
    ("کهکشان", "Kahkeshan"),
    ("شبنم", "Shabnam"),
    ("بیشه", "Bisheh"),
    ("افق", "Ofogh"),
    ("پرستو", "Parastu"),
    ("اقاقیا", "Aghaghia"),
    ("شمشاد", "Shemshad"),
    ("سنجد", "Senjed"),
    ("تاک", "Tak"),
    ("بید", "Bid"),
    ("بنفشه", "Banafsheh"),
    ("پونه", "Puneh"),
    ("آویشن", "Avishan"),
    ("دامنه", "Damaneh"),
    ("جلگه", "Jolgeh"),
    ("کرانه", "Karaneh"),
)

#: Street names used in addresses inside estates.
STREET_WORDS: tuple[str, ...] = (
    "صنعت",
    "تولید",
    "کار",
    "نوآوری",
    "فناوری",
    "بهار",
    "گلستان",
    "امید",
    "صنعتگران",
)

#: Reasons recorded when a unit is closed by hand.
CLOSURE_REASONS: tuple[str, ...] = (
    "توقف کامل فعالیت و فروش ماشین‌آلات",
    "ورشکستگی به حکم دادگاه",
    "تغییر کاربری زمین و انتقال واحد",
    "انحلال شرکت به تصمیم مجمع عمومی",
    "ابطال قرارداد زمین در شهرک صنعتی",
)

#: Reasons the secretariat gives when it returns a monthly report.
RETURN_REASONS: tuple[str, ...] = (
    "مغایرت آمار تولید با ظرفیت اسمی",
    "عدم درج تعداد کارکنان",
    "مغایرت فروش با سامانه مودیان",
    "نقص اطلاعات صادرات",
    "عدم تطابق مصرف انرژی با تولید",
)
