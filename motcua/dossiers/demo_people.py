"""Made-up Vietnamese applicants for the demo and benchmark dossiers (`demo`)."""

import random
from dataclasses import dataclass
from datetime import date

# Faker's vi_VN knows ten surnames and puts the given name first, so names are drawn
# here. Nguyễn ≈ 38 % is the design brief's figure; the other shares are rough estimates
# (unconfirmed), good enough for made-up applicants.
SURNAMES = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 4.5),
    ("Huỳnh", 1.5),
    ("Phan", 4.5),
    ("Vũ", 3.5),
    ("Võ", 1.5),
    ("Đặng", 2.1),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Đinh", 0.8),
    ("Trịnh", 0.6),
)
MIDDLE = {
    0: ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công"),
    1: ("Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương"),
}
GIVEN = {
    0: (
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Đạt",
        "Hải",
        "Hùng",
        "Hưng",
        "Khánh",
        "Long",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Thắng",
        "Tuấn",
        "Việt",
    ),
    1: (
        "Anh",
        "Chi",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Ngọc",
        "Nhung",
        "Phương",
        "Thảo",
        "Trang",
        "Yến",
    ),
}
STREETS = (
    "Hồ Tùng Mậu",
    "Phạm Hùng",
    "Mễ Trì",
    "Lê Đức Thọ",
    "Nguyễn Hoàng",
    "Hàm Nghi",
    "Trần Hữu Dực",
    "Phú Đô",
    "Đình Thôn",
)


_SURNAME_NAMES = [name for name, _weight in SURNAMES]
_SURNAME_WEIGHTS = [weight for _name, weight in SURNAMES]


@dataclass(frozen=True)
class Person:
    name: str
    personal_id: str
    birth_date: date
    phone: str
    address: str


def person(rng: random.Random, ward: str) -> Person:
    sex = rng.randrange(2)
    surname = rng.choices(_SURNAME_NAMES, _SURNAME_WEIGHTS)[0]
    name = f"{surname} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
    birth = date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28))
    # 001 Hà Nội; century-and-sex digit; two digits of the year; six random digits.
    century = (birth.year // 100 - 19) * 2 + sex
    personal_id = f"001{century}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
    phone = f"09{rng.randrange(10**8):08d}"
    street = rng.choice(STREETS)
    house = f"Số {rng.randint(1, 120)} ngõ {rng.randint(1, 90)} phố {street}"
    address = f"{house}, {ward}, Thành phố Hà Nội"
    return Person(name, personal_id, birth, phone, address)
