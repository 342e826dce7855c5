"""Personal ID numbers (số định danh cá nhân) and old identity card numbers. No Django here.

A personal ID number has 12 digits (Circular 07/2016/TT-BCA Art. 7, kept by Circular
59/2021/TT-BCA):

- 3 digits: the province where the birth was registered, in the 63-province list in force
  before the 2025 reform (never re-derived from a current address);
- 1 digit: century of birth and sex (even = male, odd = female): 1900s 0/1, 2000s 2/3,
  2100s 4/5, 2200s 6/7, 2300s 8/9. The 1800s have no code: 8/9 is the 2300s;
- 2 digits: the last two digits of the year of birth;
- 6 random digits.

An old identity card (chứng minh nhân dân) has 9 digits and encodes nothing we decode.
Citizens whose birth was registered abroad get a country code in the first three digits;
that table is not confirmed here, so such numbers are refused as an unknown province.

Messages are Vietnamese and marked with `gettext_noop` so that Django forms can translate
them (`InvalidPersonalId.template` % `InvalidPersonalId.params`).
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from motcua.core.tz import VN_TZ


def gettext_noop(message: str) -> str:
    """Marks a message for extraction; translation happens where Django is available."""
    return message


# The 63 provinces and centrally-run cities before 1/7/2025, by their 3-digit code: the
# statistics office's province codes, zero-padded, as in the annex of Circular 07/2016/TT-BCA.
# The annex text itself was not at hand; the table was cross-checked against several
# independent implementations, which agree on every code.
PROVINCES: dict[str, str] = {
    "001": "Thành phố Hà Nội",
    "002": "Tỉnh Hà Giang",
    "004": "Tỉnh Cao Bằng",
    "006": "Tỉnh Bắc Kạn",
    "008": "Tỉnh Tuyên Quang",
    "010": "Tỉnh Lào Cai",
    "011": "Tỉnh Điện Biên",
    "012": "Tỉnh Lai Châu",
    "014": "Tỉnh Sơn La",
    "015": "Tỉnh Yên Bái",
    "017": "Tỉnh Hòa Bình",
    "019": "Tỉnh Thái Nguyên",
    "020": "Tỉnh Lạng Sơn",
    "022": "Tỉnh Quảng Ninh",
    "024": "Tỉnh Bắc Giang",
    "025": "Tỉnh Phú Thọ",
    "026": "Tỉnh Vĩnh Phúc",
    "027": "Tỉnh Bắc Ninh",
    "030": "Tỉnh Hải Dương",
    "031": "Thành phố Hải Phòng",
    "033": "Tỉnh Hưng Yên",
    "034": "Tỉnh Thái Bình",
    "035": "Tỉnh Hà Nam",
    "036": "Tỉnh Nam Định",
    "037": "Tỉnh Ninh Bình",
    "038": "Tỉnh Thanh Hóa",
    "040": "Tỉnh Nghệ An",
    "042": "Tỉnh Hà Tĩnh",
    "044": "Tỉnh Quảng Bình",
    "045": "Tỉnh Quảng Trị",
    "046": "Tỉnh Thừa Thiên Huế",
    "048": "Thành phố Đà Nẵng",
    "049": "Tỉnh Quảng Nam",
    "051": "Tỉnh Quảng Ngãi",
    "052": "Tỉnh Bình Định",
    "054": "Tỉnh Phú Yên",
    "056": "Tỉnh Khánh Hòa",
    "058": "Tỉnh Ninh Thuận",
    "060": "Tỉnh Bình Thuận",
    "062": "Tỉnh Kon Tum",
    "064": "Tỉnh Gia Lai",
    "066": "Tỉnh Đắk Lắk",
    "067": "Tỉnh Đắk Nông",
    "068": "Tỉnh Lâm Đồng",
    "070": "Tỉnh Bình Phước",
    "072": "Tỉnh Tây Ninh",
    "074": "Tỉnh Bình Dương",
    "075": "Tỉnh Đồng Nai",
    "077": "Tỉnh Bà Rịa - Vũng Tàu",
    "079": "Thành phố Hồ Chí Minh",
    "080": "Tỉnh Long An",
    "082": "Tỉnh Tiền Giang",
    "083": "Tỉnh Bến Tre",
    "084": "Tỉnh Trà Vinh",
    "086": "Tỉnh Vĩnh Long",
    "087": "Tỉnh Đồng Tháp",
    "089": "Tỉnh An Giang",
    "091": "Tỉnh Kiên Giang",
    "092": "Thành phố Cần Thơ",
    "093": "Tỉnh Hậu Giang",
    "094": "Tỉnh Sóc Trăng",
    "095": "Tỉnh Bạc Liêu",
    "096": "Tỉnh Cà Mau",
}


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"

    @property
    def label(self) -> str:
        return "nam" if self is Sex.MALE else "nữ"


class IdKind(StrEnum):
    PERSONAL_ID = "personal_id"  # 12 digits, căn cước / căn cước công dân
    OLD_ID_CARD = "old_id_card"  # 9 digits, chứng minh nhân dân


@dataclass(frozen=True)
class PersonalId:
    number: str
    kind: IdKind
    province_code: str | None = None
    province_name: str | None = None
    sex: Sex | None = None
    birth_year: int | None = None


class InvalidPersonalId(ValueError):
    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params)


def _today() -> date:
    return datetime.now(VN_TZ).date()


def parse_personal_id(text: str, *, today: date | None = None) -> PersonalId:
    """Decode a 12-digit personal ID number or accept a 9-digit old ID card number.

    Spaces are ignored (numbers are often printed in groups); anything else that is not a
    digit is refused. Raises InvalidPersonalId with a Vietnamese reason.
    """
    number = "".join(text.split())
    if not number:
        raise InvalidPersonalId(gettext_noop("Chưa nhập số định danh cá nhân."))
    if not number.isascii() or not number.isdigit():
        raise InvalidPersonalId(
            gettext_noop("Số định danh cá nhân chỉ gồm chữ số, không có chữ hay ký hiệu.")
        )
    if len(number) == 9:
        return PersonalId(number=number, kind=IdKind.OLD_ID_CARD)
    if len(number) != 12:
        raise InvalidPersonalId(
            gettext_noop(
                "Số định danh cá nhân gồm 12 chữ số (chứng minh nhân dân cũ gồm 9 chữ số); "
                "số đã nhập có %(length)d chữ số."
            ),
            length=len(number),
        )
    province_code = number[:3]
    if province_code not in PROVINCES:
        raise InvalidPersonalId(
            gettext_noop(
                "Mã tỉnh nơi đăng ký khai sinh %(code)s không có trong danh sách 63 tỉnh, "
                "thành phố."
            ),
            code=province_code,
        )
    century_sex = int(number[3])
    birth_year = 1900 + 100 * (century_sex // 2) + int(number[4:6])
    current_year = (today or _today()).year
    if birth_year > current_year:
        raise InvalidPersonalId(
            gettext_noop("Năm sinh mã hóa trong số định danh (%(year)d) chưa tới."),
            year=birth_year,
        )
    return PersonalId(
        number=number,
        kind=IdKind.PERSONAL_ID,
        province_code=province_code,
        province_name=PROVINCES[province_code],
        sex=Sex.FEMALE if century_sex % 2 else Sex.MALE,
        birth_year=birth_year,
    )


def check_consistency(
    personal_id: PersonalId, *, birth_date: date | None = None, sex: Sex | None = None
) -> None:
    """Raise InvalidPersonalId if the number contradicts a declared birth date or sex.

    An old ID card encodes neither, so it contradicts nothing.
    """
    if personal_id.kind is IdKind.OLD_ID_CARD:
        return
    if birth_date is not None and birth_date.year != personal_id.birth_year:
        raise InvalidPersonalId(
            gettext_noop(
                "Năm sinh trong số định danh (%(encoded)d) không khớp với ngày sinh đã khai "
                "(năm %(declared)d)."
            ),
            encoded=personal_id.birth_year,
            declared=birth_date.year,
        )
    encoded_sex = personal_id.sex
    if sex is not None and encoded_sex is not None and sex != encoded_sex:
        raise InvalidPersonalId(
            gettext_noop(
                "Giới tính trong số định danh (%(encoded)s) không khớp với giới tính đã khai "
                "(%(declared)s)."
            ),
            encoded=encoded_sex.label,
            declared=sex.label,
        )


def describe(personal_id: PersonalId) -> list[str]:
    """What the number encodes, as Vietnamese lines (the CLI prints them)."""
    if personal_id.sex is None or personal_id.birth_year is None:
        return [
            f"{personal_id.number}: số chứng minh nhân dân cũ (9 chữ số), "
            "không mã hóa nơi đăng ký khai sinh, giới tính hay năm sinh."
        ]
    century_start = personal_id.birth_year // 100 * 100
    return [
        f"{personal_id.number}: số định danh cá nhân hợp lệ",
        f"Nơi đăng ký khai sinh: {personal_id.province_code} — {personal_id.province_name}",
        f"Thế kỷ sinh: {century_start // 100 + 1} ({century_start}–{century_start + 99})",
        f"Giới tính: {personal_id.sex.label}",
        f"Năm sinh: {personal_id.birth_year}",
    ]
