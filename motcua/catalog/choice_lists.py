"""The lists an e-form field chooses from without spelling them out: the 54 ethnic groups
of Viet Nam (shipped in data/catalog/ethnicities.csv, see the README there) and the
nationalities (country names in Vietnamese from CLDR, through Babel). A field of type
"ethnicity" or "nationality" takes its choices here; answers store the code ("01", "VN")
and are shown by name.

No Django here (read by the specs, tested directly).
"""

import csv
from functools import cache
from pathlib import Path

from babel import Locale

from motcua.catalog.text import fold

# The repository's data/ (settings.BASE_DIR/data), found without importing Django.
DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "catalog"

# CLDR regions that no one holds the nationality of: groupings, pseudo-locales, the
# unknown region, and places with no people of their own or not in ISO 3166-1.
_NOT_NATIONALITIES = frozenset(
    {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
    | {"AQ", "BV", "GS", "HM", "IO", "TF", "UM"}
)
# A stateless person (người không quốc tịch) is named in the civil-status forms too;
# XXA is the code ICAO Doc 9303 gives them.
STATELESS = ("XXA", "Không quốc tịch")
VIET_NAM = "VN"
KINH = "01"


@cache
def ethnicities() -> tuple[tuple[str, str], ...]:
    """(code, name) of the 54 ethnic groups, in the order of their codes (Kinh first)."""
    with (DATA_DIR / "ethnicities.csv").open(encoding="utf-8", newline="") as file:
        return tuple((row["code"], row["name"]) for row in csv.DictReader(file))


@cache
def nationalities() -> tuple[tuple[str, str], ...]:
    """(ISO 3166-1 code, Vietnamese name): Việt Nam first, then A to Z as Vietnamese
    sorts without marks, then "Không quốc tịch"."""
    names = {
        code: name
        for code, name in Locale("vi").territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_NATIONALITIES
    }
    others = sorted((item for item in names.items() if item[0] != VIET_NAM), key=_by_name)
    return ((VIET_NAM, names[VIET_NAM]), *others, STATELESS)


def _by_name(item: tuple[str, str]) -> tuple[str, str]:
    return fold(item[1]), item[1]


# A field type whose choices are one of the lists, and the answer most people give
# (preselected where the field must be answered).
CHOICE_LISTS = {"ethnicity": ethnicities, "nationality": nationalities}
USUAL_ANSWER = {"ethnicity": KINH, "nationality": VIET_NAM}
