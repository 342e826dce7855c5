"""The type of an uploaded scan, read from its first bytes. Pure Python (no Django).

Neither the file name nor the browser's content type is trusted: both are whatever the
sender chose. Only the three formats scanners and phones produce are accepted.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    magic: bytes


ACCEPTED = (
    FileType("application/pdf", "pdf", b"%PDF-"),
    FileType("image/jpeg", "jpg", b"\xff\xd8\xff"),
    FileType("image/png", "png", b"\x89PNG\r\n\x1a\n"),
)
HEAD_BYTES = max(len(t.magic) for t in ACCEPTED)


def sniff(head: bytes) -> FileType | None:
    """The accepted type whose signature `head` starts with, or None."""
    return next((t for t in ACCEPTED if head.startswith(t.magic)), None)
