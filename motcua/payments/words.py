"""An amount of dong in Vietnamese words, as a receipt writes it (no Django):
39000 → "Ba mươi chín nghìn đồng"."""

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"))


def _below_thousand(n: int, *, full: bool) -> list[str]:
    """0 < n < 1000; `full`: a group after a higher one reads its zero hundreds and tens."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 4 and tens > 1:
            words.append("tư")
        elif units == 5 and tens > 0:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def _words(n: int, *, full: bool) -> list[str]:
    for scale, name in SCALES:
        if n >= scale:
            head, rest = divmod(n, scale)
            words = [*_words(head, full=full), name]
            return words + (_words(rest, full=True) if rest else [])
    return _below_thousand(n, full=full)


def amount_in_words(amount: int) -> str:
    if amount < 0:
        raise ValueError("negative amount")
    text = " ".join(_words(amount, full=False)) if amount else DIGITS[0]
    return text[0].upper() + text[1:] + " đồng"
