"""Reference data the trade app needs at run time: ISO 3166 countries and the HS sections.

Countries: ISO alpha-3, ISO numeric (as BACI writes it, without the leading zeros BACI drops), Persian name
as Iranian media write it, English name. BACI's own non-standard codes for a few customs territories
(251 France with Monaco, 579 Norway, 699 India, 757 Switzerland, 842 the United States) are mapped too.
HS sections: the 21 sections of the Harmonized System by chapter, used to colour the product space.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CountryRow:
    iso3: str
    iso_numeric: str
    name: str
    name_en: str


_COUNTRIES = """\
AFG 004 افغانستان Afghanistan
ALB 008 آلبانی Albania
DZA 012 الجزایر Algeria
AGO 024 آنگولا Angola
ARG 032 آرژانتین Argentina
ARM 051 ارمنستان Armenia
AUS 036 استرالیا Australia
AUT 040 اتریش Austria
AZE 031 جمهوری_آذربایجان Azerbaijan
BHR 048 بحرین Bahrain
BGD 050 بنگلادش Bangladesh
BLR 112 بلاروس Belarus
BEL 056 بلژیک Belgium
BEN 204 بنین Benin
BOL 068 بولیوی Bolivia
BIH 070 بوسنی_و_هرزگوین Bosnia_and_Herzegovina
BWA 072 بوتسوانا Botswana
BRA 076 برزیل Brazil
BRN 096 برونئی Brunei
BGR 100 بلغارستان Bulgaria
BFA 854 بورکینافاسو Burkina_Faso
KHM 116 کامبوج Cambodia
CMR 120 کامرون Cameroon
CAN 124 کانادا Canada
TCD 148 چاد Chad
CHL 152 شیلی Chile
CHN 156 چین China
COL 170 کلمبیا Colombia
COG 178 کنگو Congo
COD 180 جمهوری_دموکراتیک_کنگو DR_Congo
CRI 188 کاستاریکا Costa_Rica
CIV 384 ساحل_عاج Côte_d'Ivoire
HRV 191 کرواسی Croatia
CUB 192 کوبا Cuba
CYP 196 قبرس Cyprus
CZE 203 چک Czechia
DNK 208 دانمارک Denmark
DOM 214 جمهوری_دومینیکن Dominican_Republic
ECU 218 اکوادور Ecuador
EGY 818 مصر Egypt
SLV 222 السالوادور El_Salvador
EST 233 استونی Estonia
ETH 231 اتیوپی Ethiopia
FIN 246 فنلاند Finland
FRA 250 فرانسه France
GAB 266 گابن Gabon
GEO 268 گرجستان Georgia
DEU 276 آلمان Germany
GHA 288 غنا Ghana
GRC 300 یونان Greece
GTM 320 گواتمالا Guatemala
GIN 324 گینه Guinea
HND 340 هندوراس Honduras
HKG 344 هنگ‌کنگ Hong_Kong
HUN 348 مجارستان Hungary
ISL 352 ایسلند Iceland
IND 356 هند India
IDN 360 اندونزی Indonesia
IRN 364 ایران Iran
IRQ 368 عراق Iraq
IRL 372 ایرلند Ireland
ISR 376 اسرائیل Israel
ITA 380 ایتالیا Italy
JAM 388 جامائیکا Jamaica
JPN 392 ژاپن Japan
JOR 400 اردن Jordan
KAZ 398 قزاقستان Kazakhstan
KEN 404 کنیا Kenya
KOR 410 کره_جنوبی South_Korea
PRK 408 کره_شمالی North_Korea
KWT 414 کویت Kuwait
KGZ 417 قرقیزستان Kyrgyzstan
LAO 418 لائوس Laos
LVA 428 لتونی Latvia
LBN 422 لبنان Lebanon
LBY 434 لیبی Libya
LTU 440 لیتوانی Lithuania
LUX 442 لوکزامبورگ Luxembourg
MDG 450 ماداگاسکار Madagascar
MWI 454 مالاوی Malawi
MYS 458 مالزی Malaysia
MLI 466 مالی Mali
MLT 470 مالت Malta
MRT 478 موریتانی Mauritania
MUS 480 موریس Mauritius
MEX 484 مکزیک Mexico
MDA 498 مولداوی Moldova
MNG 496 مغولستان Mongolia
MNE 499 مونته‌نگرو Montenegro
MAR 504 مراکش Morocco
MOZ 508 موزامبیک Mozambique
MMR 104 میانمار Myanmar
NAM 516 نامیبیا Namibia
NPL 524 نپال Nepal
NLD 528 هلند Netherlands
NZL 554 نیوزیلند New_Zealand
NIC 558 نیکاراگوئه Nicaragua
NER 562 نیجر Niger
NGA 566 نیجریه Nigeria
MKD 807 مقدونیه_شمالی North_Macedonia
NOR 578 نروژ Norway
OMN 512 عمان Oman
PAK 586 پاکستان Pakistan
PAN 591 پاناما Panama
PNG 598 پاپوآ_گینه_نو Papua_New_Guinea
PRY 600 پاراگوئه Paraguay
PER 604 پرو Peru
PHL 608 فیلیپین Philippines
POL 616 لهستان Poland
PRT 620 پرتغال Portugal
QAT 634 قطر Qatar
ROU 642 رومانی Romania
RUS 643 روسیه Russia
RWA 646 رواندا Rwanda
SAU 682 عربستان_سعودی Saudi_Arabia
SEN 686 سنگال Senegal
SRB 688 صربستان Serbia
SGP 702 سنگاپور Singapore
SVK 703 اسلواکی Slovakia
SVN 705 اسلوونی Slovenia
ZAF 710 آفریقای_جنوبی South_Africa
ESP 724 اسپانیا Spain
LKA 144 سریلانکا Sri_Lanka
SDN 729 سودان Sudan
SWE 752 سوئد Sweden
CHE 756 سوئیس Switzerland
SYR 760 سوریه Syria
TWN 158 تایوان Taiwan
TJK 762 تاجیکستان Tajikistan
TZA 834 تانزانیا Tanzania
THA 764 تایلند Thailand
TGO 768 توگو Togo
TTO 780 ترینیداد_و_توباگو Trinidad_and_Tobago
TUN 788 تونس Tunisia
TUR 792 ترکیه Turkey
TKM 795 ترکمنستان Turkmenistan
UGA 800 اوگاندا Uganda
UKR 804 اوکراین Ukraine
ARE 784 امارات_متحده_عربی United_Arab_Emirates
GBR 826 انگلیس United_Kingdom
USA 840 ایالات_متحده_آمریکا United_States
URY 858 اروگوئه Uruguay
UZB 860 ازبکستان Uzbekistan
VEN 862 ونزوئلا Venezuela
VNM 704 ویتنام Vietnam
YEM 887 یمن Yemen
ZMB 894 زامبیا Zambia
ZWE 716 زیمبابوه Zimbabwe
"""

COUNTRIES: tuple[CountryRow, ...] = tuple(
    CountryRow(iso3, num, fa.replace("_", " "), en.replace("_", " "))
    for iso3, num, fa, en in (line.split() for line in _COUNTRIES.splitlines())
)

#: BACI's numeric codes that differ from ISO 3166 (customs territories), to the ISO3 they stand for.
BACI_NUMERIC = {"251": "FRA", "579": "NOR", "699": "IND", "757": "CHE", "842": "USA", "490": "TWN"}

#: ISO numeric (no leading zeros) → ISO3.
ISO3_BY_NUMERIC: dict[str, str] = {str(int(c.iso_numeric)): c.iso3 for c in COUNTRIES} | BACI_NUMERIC


@dataclass(frozen=True)
class Section:
    key: str
    first: int  # first HS chapter
    last: int
    name: str
    name_en: str
    colour: str


SECTIONS: tuple[Section, ...] = (
    Section("I", 1, 5, "حیوانات زنده و محصولات حیوانی", "Animals and animal products", "#a1887f"),
    Section("II", 6, 14, "محصولات نباتی", "Vegetable products", "#7cb342"),
    Section("III", 15, 15, "چربی‌ها و روغن‌ها", "Fats and oils", "#cddc39"),
    Section("IV", 16, 24, "مواد غذایی آماده و آشامیدنی", "Prepared foodstuffs and beverages", "#f0a202"),
    Section("V", 25, 27, "محصولات معدنی", "Mineral products", "#6d4c41"),
    Section("VI", 28, 38, "محصولات شیمیایی", "Chemical products", "#8e24aa"),
    Section("VII", 39, 40, "پلاستیک و لاستیک", "Plastics and rubber", "#d81b60"),
    Section("VIII", 41, 43, "پوست و چرم", "Hides, skins and leather", "#795548"),
    Section("IX", 44, 46, "چوب و محصولات چوبی", "Wood and articles of wood", "#558b2f"),
    Section("X", 47, 49, "کاغذ و مقوا", "Paper and paperboard", "#9e9d24"),
    Section("XI", 50, 63, "منسوجات", "Textiles", "#00897b"),
    Section("XII", 64, 67, "کفش و کلاه", "Footwear and headgear", "#26a69a"),
    Section("XIII", 68, 70, "سنگ، سرامیک و شیشه", "Stone, ceramics and glass", "#ff7043"),
    Section("XIV", 71, 71, "سنگ‌ها و فلزات گران‌بها", "Precious stones and metals", "#fdd835"),
    Section("XV", 72, 83, "فلزات پایه و مصنوعات آن‌ها", "Base metals and articles", "#546e7a"),
    Section("XVI", 84, 85, "ماشین‌آلات و تجهیزات برقی", "Machinery and electrical equipment", "#1e88e5"),
    Section("XVII", 86, 89, "وسایل حمل‌ونقل", "Vehicles and transport equipment", "#3949ab"),
    Section("XVIII", 90, 92, "ابزار دقیق و پزشکی", "Instruments", "#5e35b1"),
    Section("XIX", 93, 93, "سلاح و مهمات", "Arms and ammunition", "#424242"),
    Section("XX", 94, 96, "کالاهای متفرقه", "Miscellaneous manufactured articles", "#ec407a"),
    Section("XXI", 97, 97, "آثار هنری", "Works of art", "#bdbdbd"),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}


def hs_section(code: str) -> Section | None:
    """The HS section of an HS code (2, 4 or 6 digits); None for chapters outside 01–97."""
    try:
        chapter = int(code[:2])
    except ValueError:
        return None
    for s in SECTIONS:
        if s.first <= chapter <= s.last:
            return s
    return None


def sitc_section_key(code: str) -> str:
    """SITC products are coloured by their one-digit section (0–9)."""
    return f"S{code[:1]}" if code[:1].isdigit() else ""
