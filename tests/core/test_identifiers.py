"""Iranian identifiers: checks against published test vectors and independent re-implementations."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from jahesh.core import identifiers as ids
from jahesh.core.text import to_persian_digits

# persian-tools test vectors (shared/domain/semnan-and-iran.md §6).
VALID_NATIONAL_CODES = ["0499370899", "0790419904", "1583250689", "0684159414", "4400276201"]
VALID_SHEBAS = ["IR820540102680020817909002", "IR550570022080013447370101"]

SHARED_HS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "hs" / "harmonized-system.csv"


# -- independent reference implementations, written differently from the module ------------------------


def reference_national_code_ok(code: str) -> bool:
    weights = range(10, 1, -1)
    total = sum(w * int(c) for w, c in zip(weights, code[:9], strict=True))
    remainder = total % 11
    expected = remainder if remainder in (0, 1) else 11 - remainder
    return expected == int(code[9])


def reference_iban_ok(iban: str) -> bool:
    """Generic ISO 13616 check: letters A=10..Z=35, digit-by-digit mod 97."""
    rearranged = iban[4:] + iban[:4]
    remainder = 0
    for ch in rearranged:
        for digit in str(int(ch, 36)):
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def message_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    with translation.override("en"):
        return " ".join(str(m) for m in exc.value.messages)


# -- normalisation ------------------------------------------------------------------------------------------


def test_normalise_identifier_strips_what_people_type():
    assert ids.normalise_identifier(" ۰۴۹۹-۳۷۰۸۹۹ ") == "0499370899"
    assert ids.normalise_identifier("٠٤٩٩.٣٧٠.٨٩٩") == "0499370899"
    assert ids.normalise_identifier("04993/70899") == "0499370899"
    assert ids.normalise_identifier("ir82 0540 1026 8002 0817 9090 02") == "IR820540102680020817909002"
    assert ids.normalise_identifier("۰۴۹۹\u200c۳۷۰۸۹۹\u200f") == "0499370899"
    assert ids.normalise_identifier(None) == ""
    assert ids.normalise_identifier("كيان") == "كيان"  # letters are not "fixed" as in search keys


# -- national code ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", VALID_NATIONAL_CODES)
def test_valid_national_codes(code):
    assert ids.is_valid_national_code(code)
    assert reference_national_code_ok(code)
    assert ids.is_valid_national_code(to_persian_digits(code))
    assert ids.is_valid_national_code(f"{code[:3]}-{code[3:9]}-{code[9]}")
    ids.validate_national_code(code)


@pytest.mark.parametrize("code", VALID_NATIONAL_CODES)
def test_national_code_with_any_other_check_digit_fails(code):
    for wrong in set("0123456789") - {code[9]}:
        assert not ids.is_valid_national_code(code[:9] + wrong)


def test_national_code_typo_gives_checksum_message():
    with pytest.raises(ValidationError) as exc:
        ids.validate_national_code("0499370898")
    assert exc.value.code == "invalid_checksum"
    assert "0499370898" in message_of(exc) and "check digit" in message_of(exc)


def test_repeated_digit_codes_are_rejected_although_their_checksum_works():
    assert reference_national_code_ok("1111111111")
    assert not ids.is_valid_national_code("1111111111")
    assert not ids.is_valid_national_code("0000000000")
    with pytest.raises(ValidationError) as exc:
        ids.validate_national_code("1111111111")
    assert exc.value.code == "invalid_pattern"


def test_national_code_length_and_characters():
    with pytest.raises(ValidationError) as exc:
        ids.validate_national_code("499370899")
    assert exc.value.code == "invalid_length"
    assert "10 digits" in message_of(exc) and "leading zeros" in message_of(exc)
    with pytest.raises(ValidationError) as exc:
        ids.validate_national_code("04993708x9")
    assert exc.value.code == "invalid_characters"
    assert ids.normalise_national_code("499370899") == "0499370899"  # Excel ate the zero
    assert ids.is_valid_national_code(ids.normalise_national_code("499370899"))


def test_make_national_code_for_semnan_offices():
    for seed in range(300):
        rng = random.Random(seed)
        prefix = rng.choice(ids.SEMNAN_OFFICE_PREFIXES)
        code = ids.make_national_code(rng, prefix)
        assert code.startswith(prefix) and len(code) == 10
        assert ids.is_valid_national_code(code) and reference_national_code_ok(code)
        assert ids.is_valid_national_code(ids.make_national_code(rng))
    assert ids.make_national_code(random.Random(7)) == ids.make_national_code(random.Random(7))


# -- legal-entity ID -------------------------------------------------------------------------------------


def test_legal_id_vectors():
    assert ids.is_valid_legal_id("10380284790")
    assert ids.is_valid_legal_id("۱۰۳۸۰۲۸۴۷۹۰")
    assert not ids.is_valid_legal_id("10380284792")
    with pytest.raises(ValidationError) as exc:
        ids.validate_legal_id("10380284792")
    assert exc.value.code == "invalid_checksum"
    with pytest.raises(ValidationError) as exc:
        ids.validate_legal_id("1038028479")
    assert exc.value.code == "invalid_length" and "11 digits" in message_of(exc)
    assert not ids.is_valid_legal_id("00000000000")
    assert not ids.is_valid_legal_id("10100000000")


def test_make_legal_id():
    for seed in range(300):
        code = ids.make_legal_id(random.Random(seed))
        assert len(code) == 11 and ids.is_valid_legal_id(code)
        # A changed check digit must be caught.
        assert not ids.is_valid_legal_id(code[:10] + str((int(code[10]) + 1) % 10))


# -- business ID ------------------------------------------------------------------------------------------


def test_business_id_is_twelve_digits():
    assert ids.is_valid_business_id("411111111111")
    assert ids.is_valid_business_id("۴۱۱-۱۱۱-۱۱۱-۱۱۱")
    assert not ids.is_valid_business_id("000000000000")
    assert not ids.is_valid_business_id("41111111111")
    assert not ids.is_valid_business_id("41111111111a")
    with pytest.raises(ValidationError) as exc:
        ids.validate_business_id("1234")
    assert exc.value.code == "invalid_length" and "12 digits" in message_of(exc)


# -- Sheba ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sheba", VALID_SHEBAS)
def test_valid_shebas(sheba):
    assert reference_iban_ok(sheba)
    assert ids.is_valid_sheba(sheba)
    assert ids.is_valid_sheba(sheba.lower())
    assert ids.is_valid_sheba(ids.format_sheba(sheba))
    ids.validate_sheba(sheba)


def test_sheba_catches_every_single_digit_typo():
    sheba = VALID_SHEBAS[0]
    for i in range(2, len(sheba)):
        for d in "0123456789":
            if d != sheba[i]:
                assert not ids.is_valid_sheba(sheba[:i] + d + sheba[i + 1 :])


def test_sheba_bank_code_and_format():
    assert ids.sheba_bank_code("IR820540102680020817909002") == "054"  # Parsian
    assert ids.sheba_bank_code("IR550570022080013447370101") == "057"  # Pasargad
    assert ids.format_sheba("IR820540102680020817909002") == "IR82 0540 1026 8002 0817 9090 02"
    with pytest.raises(ValueError):
        ids.sheba_bank_code("IR820540102680020817909003")


def test_sheba_messages():
    with pytest.raises(ValidationError) as exc:
        ids.validate_sheba("820540102680020817909002")
    assert exc.value.code == "invalid_prefix" and "IR" in message_of(exc)
    assert ids.normalise_sheba("820540102680020817909002") == VALID_SHEBAS[0]
    with pytest.raises(ValidationError) as exc:
        ids.validate_sheba("IR82054010268002081790900")
    assert exc.value.code == "invalid_length" and "23 digits" in message_of(exc)
    with pytest.raises(ValidationError) as exc:
        ids.validate_sheba("IR820540102680020817909003")
    assert exc.value.code == "invalid_checksum"


def test_make_sheba_for_many_banks():
    for seed in range(300):
        rng = random.Random(seed)
        bank = rng.choice(["011", "012", "016", "017", "054", "057", "062"])
        sheba = ids.make_sheba(rng, bank)
        assert ids.is_valid_sheba(sheba) and reference_iban_ok(sheba)
        assert ids.sheba_bank_code(sheba) == bank
    with pytest.raises(ValueError):
        ids.make_sheba(random.Random(1), "17")


# -- postal code -------------------------------------------------------------------------------------------


def test_postal_code_structure():
    assert ids.is_valid_postal_code("3513119111")
    assert ids.is_valid_postal_code("۳۵۱۳۱-۱۹۱۱۱")
    assert ids.format_postal_code("3513119111") == "35131-19111"
    rules = {
        "3510119111": "0 or 2",  # 0 in the first five
        "3523119111": "0 or 2",  # 2 in the first five
        "3513519111": "fifth digit",
        "3513119121": "last five",
        "3333119111": "first four",
        "351311911": "10 digits",
    }
    for code, words in rules.items():
        assert not ids.is_valid_postal_code(code)
        with pytest.raises(ValidationError) as exc:
            ids.validate_postal_code(code)
        assert words in message_of(exc), code


def test_make_postal_code():
    for seed in range(300):
        rng = random.Random(seed)
        code = ids.make_postal_code(rng, "35" if seed % 2 else None)
        assert ids.is_valid_postal_code(code), code
    assert ids.make_postal_code(random.Random(3), "3619").startswith("3619")
    with pytest.raises(ValueError):
        ids.make_postal_code(random.Random(1), "30")


# -- ISIC Rev.4 -------------------------------------------------------------------------------------------


def test_isic_has_all_419_classes():
    classes = ids.isic_classes()
    assert len(classes) == 419
    assert all(len(c) == 4 and c.isdigit() for c in classes)
    assert len({c[:3] for c in classes}) == 238  # groups
    assert classes["2394"] == "Manufacture of cement, lime and plaster"
    assert classes["2392"] == "Manufacture of clay building materials"
    assert classes["2930"] == "Manufacture of parts and accessories for motor vehicles"
    assert classes["1050"] == "Manufacture of dairy products"
    assert ids.isic_title("۲۳۹۴") == "Manufacture of cement, lime and plaster"
    assert ids.isic_title("2398") is None


def test_isic_validation():
    assert ids.is_valid_isic_class("2394") and ids.is_valid_isic_class("0893")
    assert not ids.is_valid_isic_class("2398") and not ids.is_valid_isic_class("239")
    with pytest.raises(ValidationError) as exc:
        ids.validate_isic_class("2398")
    assert exc.value.code == "unknown_code" and "ISIC" in message_of(exc)
    with pytest.raises(ValidationError) as exc:
        ids.validate_isic_class("23945")
    assert exc.value.code == "invalid_length"


def test_isic_divisions_cover_the_classes_with_persian_titles():
    assert set(ids.ISIC_DIVISIONS) == {c[:2] for c in ids.isic_classes()}
    assert len(ids.ISIC_DIVISIONS) == 88
    assert ids.ISIC_DIVISIONS["10"] == ("ساخت محصولات غذایی", "Manufacture of food products")
    assert ids.ISIC_DIVISIONS["23"][0] == "ساخت سایر محصولات کانی غیرفلزی"
    for fa, en in ids.ISIC_DIVISIONS.values():
        assert fa.strip() == fa and en.strip() == en and en.isascii()
        assert not set(fa) & set("يكىة0123456789"), fa  # standard Persian letters only
        assert "  " not in fa and "~" not in fa
    assert ids.isic_division("2394") == "23"
    assert ids.isic_division_title("2394", "en") == "Manufacture of other non-metallic mineral products"


# -- HS ----------------------------------------------------------------------------------------------------


def test_hs6_structure():
    assert ids.is_valid_hs6("252329") and ids.is_valid_hs6("۲۵۰۱۰۰")
    assert ids.is_valid_hs6(ids.HS_NOT_SPECIFIED)  # Comtrade's "not specified", present in the HS table
    for bad in ["771010", "980000", "990000", "999998", "000101", "010010", "25232", "25232a"]:
        assert not ids.is_valid_hs6(bad), bad
    with pytest.raises(ValidationError) as exc:
        ids.validate_hs6("771010")
    assert exc.value.code == "invalid_pattern" and "chapter 77" in message_of(exc)


def test_every_hs2022_subheading_passes():
    if not SHARED_HS.exists():
        pytest.skip(f"HS 2022 table not found at {SHARED_HS} (shared/data is outside the repository)")
    with SHARED_HS.open(encoding="utf-8", newline="") as f:
        codes = [row["hscode"] for row in csv.DictReader(f) if row["level"] == "6"]
    assert len(codes) > 5000
    failing = [c for c in codes if not ids.is_valid_hs6(c)]
    assert failing == []
