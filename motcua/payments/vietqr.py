"""VietQR (NAPAS 247) bank-transfer QR payloads: EMVCo merchant-presented mode, no Django.

A payload is a sequence of TLV fields (two-digit id, two-digit length, value) ending with
field 63, the CRC-16/CCITT-FALSE of everything before it including "6304".
"""

from dataclasses import dataclass

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"  # transfer to a bank account (QRIBFTTC: to a card)
CURRENCY_VND = "704"


class PayloadError(ValueError):
    pass


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final xor."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    if len(tag) != 2 or not tag.isdigit():
        raise PayloadError(f"bad tag {tag!r}")
    if len(value) > 99:
        raise PayloadError(f"field {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def parse_tlv(text: str) -> dict[str, str]:
    """The fields of one TLV level (nested templates are left as their raw value)."""
    fields: dict[str, str] = {}
    position = 0
    while position < len(text):
        tag, length_text = text[position : position + 2], text[position + 2 : position + 4]
        if len(length_text) != 2 or not length_text.isdigit():
            raise PayloadError(f"truncated field at {position}")
        length = int(length_text)
        value = text[position + 4 : position + 4 + length]
        if len(value) != length:
            raise PayloadError(f"field {tag} shorter than its length")
        fields[tag] = value
        position += 4 + length
    return fields


@dataclass(frozen=True)
class Transfer:
    bank_bin: str  # the 6-digit NAPAS BIN of the receiving bank
    account: str
    amount: int  # VND
    purpose: str  # the order reference, matched at reconciliation


def build_payload(transfer: Transfer) -> str:
    """The string to draw as a QR code (point of initiation 12: one amount, one use)."""
    if transfer.amount <= 0:
        raise PayloadError("amount must be positive")
    beneficiary = tlv("00", transfer.bank_bin) + tlv("01", transfer.account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    body = (
        tlv("00", "01")
        + tlv("01", "12")
        + tlv("38", merchant)
        + tlv("53", CURRENCY_VND)
        + tlv("54", str(transfer.amount))
        + tlv("58", "VN")
        + tlv("62", tlv("08", transfer.purpose))
        + "6304"
    )
    return body + f"{crc16_ccitt_false(body.encode()):04X}"


def parse_payload(payload: str) -> Transfer:
    """Decode a payload built by `build_payload`; PayloadError on a wrong CRC or layout."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise PayloadError("no CRC field at the end")
    expected = f"{crc16_ccitt_false(payload[:-4].encode()):04X}"
    if payload[-4:].upper() != expected:
        raise PayloadError("CRC mismatch")
    fields = parse_tlv(payload)
    merchant = parse_tlv(fields["38"])
    if merchant.get("00") != NAPAS_GUID:
        raise PayloadError("not a NAPAS payload")
    beneficiary = parse_tlv(merchant["01"])
    return Transfer(
        bank_bin=beneficiary["00"],
        account=beneficiary["01"],
        amount=int(fields["54"]),
        purpose=parse_tlv(fields.get("62", "")).get("08", ""),
    )
