"""An address written before 1/7/2025, resolved on a later date: the page says the unit was
dissolved or merged and names the units that took it over, instead of "not found"."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from motcua.units.errors import PlaceNotFound
from motcua.units.selectors import address_resolve

RESOLVE = reverse("units:resolve")
AFTER = date(2025, 9, 1)


def test_a_merged_ward_on_a_later_date_names_the_ward_it_is_now_part_of(small_city):
    resolution = address_resolve(text="Phường Cầu Thử, Quận Nam Thử", on_date=AFTER)
    [match] = resolution.matches
    assert match.unit == small_city.merged_ward
    assert match.dissolved_since == date(2025, 7, 1)
    assert match.dissolved_notice == (
        "Phường Cầu Thử đã giải thể/sáp nhập từ 01/07/2025; nay thuộc: Phường Từ Thử (mã 99592)."
    )


def test_a_split_ward_names_every_successor_with_its_code(small_city):
    resolution = address_resolve(text="P. Trung Thử, Q. Nam Thử, TP Thử Nghiệm", on_date=AFTER)
    [match] = resolution.matches
    assert match.dissolved_notice == (
        "Phường Trung Thử đã giải thể/sáp nhập từ 01/07/2025; "
        "nay thuộc: Phường Xuân Thử (mã 99367), Phường Đại Thử (mã 99637)."
    )
    assert resolution.is_ambiguous  # which part applies is for a person to decide


def test_a_ward_resolved_while_it_existed_is_not_dissolved(small_city):
    [match] = address_resolve(text="Phường Cầu Thử", on_date=date(2024, 5, 1)).matches
    assert match.dissolved_since is None


def test_a_current_ward_is_found_as_it_is_today(small_city):
    [match] = address_resolve(text="Phường Từ Thử, TP Thử Nghiệm", on_date=AFTER).matches
    assert match.unit == small_city.merged_into_ward
    assert match.dissolved_since is None


def test_a_place_that_never_existed_is_still_not_found(small_city):
    with pytest.raises(PlaceNotFound):
        address_resolve(text="Phường Không Thử, TP Thử Nghiệm", on_date=AFTER)


def test_the_page_says_dissolved_and_lists_the_successors_instead_of_not_found(client, small_city):
    body = client.get(
        RESOLVE, {"address": "Phường Cầu Thử, Quận Nam Thử", "on": AFTER.isoformat()}
    ).content.decode()
    assert "Không tìm thấy" not in body
    notice = body.split('data-testid="dissolved"', 1)[1].split("</div>", 1)[0]
    assert "Phường Cầu Thử đã giải thể/sáp nhập từ 01/07/2025" in notice
    assert "Phường Từ Thử (mã 99592)" in notice


def test_the_real_trung_van_resolved_today_names_its_successors(client, units_refdata):
    body = client.get(
        RESOLVE, {"address": "Phường Trung Văn, Quận Nam Từ Liêm, Hà Nội"}
    ).content.decode()
    assert "Không tìm thấy" not in body
    notice = body.split('data-testid="dissolved"', 1)[1].split("</div>", 1)[0]
    assert "Phường Trung Văn đã giải thể/sáp nhập từ 01/07/2025; nay thuộc:" in notice
    assert "(mã 00637)" in notice  # Phường Đại Mỗ, which took over the old code


def test_the_command_line_says_dissolved_too(small_city, capsys):
    call_command("units", "resolve", "Phường Cầu Thử, Quận Nam Thử", "--on", "2025-09-01")
    out = capsys.readouterr().out
    assert "Phường Cầu Thử đã giải thể/sáp nhập từ 01/07/2025; nay thuộc:" in out
