"""The backup archive: one uncompressed tar of named members and a signed manifest.

The manifest (`manifest.json`, the last member) lists every other member with its SHA-256
and size and carries an HMAC of itself with the audit key. An archive altered in any byte,
cut short, given a member more, or altered and re-hashed by someone without the key fails
`archive_check`, which reads everything and writes nothing. No Django here: the callers
pass the key and say where each member goes.
"""

import hashlib
import hmac
import json
import os
import tarfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO, Any

MANIFEST = "manifest.json"
FORMAT = "motcua-backup/1"
CHUNK = 1 << 20
SIGNED = b"motcua backup manifest\n"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Digest:
    sha256: str
    size: int


class HashingReader:
    """A file read through: the SHA-256 and size of exactly the bytes read."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.hash.update(data)
        self.size += len(data)
        return data

    @property
    def digest(self) -> Digest:
        return Digest(self.hash.hexdigest(), self.size)


def file_digest(path: Path) -> Digest:
    with path.open("rb") as file:
        reader = HashingReader(file)
        while reader.read(CHUNK):
            pass
    return reader.digest


def canonical(manifest: dict[str, Any]) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "mac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def manifest_mac(manifest: dict[str, Any], *, key: bytes) -> str:
    return hmac.new(key, SIGNED + canonical(manifest), hashlib.sha256).hexdigest()


def name_is_safe(name: str) -> bool:
    """A relative path that stays inside wherever it is extracted."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ArchiveWriter:
    """Members added one by one, each hashed from the very bytes written. `commit` adds the
    signed manifest, flushes to disk and renames the hidden partial file into place, so an
    interrupted backup never leaves a half archive under the final name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        # Personal data: readable by the owner only.
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self.file = os.fdopen(fd, "wb")
        # Closed by commit() or __exit__, the writer's own context.
        self.tar = tarfile.open(fileobj=self.file, mode="w", format=tarfile.PAX_FORMAT)  # noqa: SIM115
        self.members: dict[str, Digest] = {}

    def __enter__(self) -> "ArchiveWriter":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self.file.closed:
            self.tar.close()
            self.file.close()
            self.partial.unlink(missing_ok=True)

    def _add(self, name: str, raw: IO[bytes], size: int, mtime: float) -> Digest:
        if not name_is_safe(name) or name == MANIFEST or name in self.members:
            raise BackupError(f"tên thành phần không hợp lệ: {name}")
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(mtime), 0o600
        reader = HashingReader(raw)
        self.tar.addfile(info, reader)  # it only calls read()
        self.members[name] = reader.digest
        return reader.digest

    def add_file(self, name: str, source: Path) -> Digest:
        with source.open("rb") as raw:
            stat = os.fstat(raw.fileno())
            return self._add(name, raw, stat.st_size, stat.st_mtime)

    def add_bytes(self, name: str, data: bytes, *, mtime: float) -> Digest:
        return self._add(name, BytesIO(data), len(data), mtime)

    def commit(self, manifest: dict[str, Any], *, key: bytes, mtime: float) -> dict[str, Any]:
        signed = {
            **manifest,
            "format": FORMAT,
            "members": {n: {"sha256": d.sha256, "size": d.size} for n, d in self.members.items()},
        }
        signed["mac"] = manifest_mac(signed, key=key)
        data = json.dumps(signed, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(data), 0o600, int(mtime)
        self.tar.addfile(info, BytesIO(data))
        self.tar.close()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.partial, self.path)
        _fsync_dir(self.path.parent)
        return signed


# --- checking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    # unreadable | manifest | signature | format | unsafe | unlisted | missing | altered
    kind: str
    member: str = ""


@dataclass(frozen=True)
class Checked:
    manifest: dict[str, Any] | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _manifest(tar: tarfile.TarFile) -> dict[str, Any] | None:
    with suppress(KeyError, ValueError, tarfile.TarError):
        member = tar.extractfile(tar.getmember(MANIFEST))
        if member is not None:
            loaded = json.loads(member.read())
            if isinstance(loaded, dict) and isinstance(loaded.get("members"), dict):
                return loaded
    return None


def _stream_digest(raw: IO[bytes]) -> Digest:
    reader = HashingReader(raw)
    while reader.read(CHUNK):
        pass
    return reader.digest


def _listed(manifest: dict[str, Any], name: str) -> Digest | None:
    entry = manifest["members"].get(name)
    if not isinstance(entry, dict):
        return None
    return Digest(str(entry.get("sha256")), int(entry.get("size", -1)))


def _problems(tar: tarfile.TarFile, manifest: dict[str, Any], key: bytes) -> list[Problem]:
    problems = []
    if manifest.get("format") != FORMAT:
        problems.append(Problem("format"))
    if not hmac.compare_digest(str(manifest.get("mac")), manifest_mac(manifest, key=key)):
        problems.append(Problem("signature"))
    seen: set[str] = set()
    manifests = 0
    for info in tar:
        if info.name == MANIFEST:
            manifests += 1
            continue
        expected = _listed(manifest, info.name)
        if not info.isreg() or not name_is_safe(info.name):
            problems.append(Problem("unsafe", info.name))
        elif expected is None:
            problems.append(Problem("unlisted", info.name))
        else:
            member = tar.extractfile(info)
            if member is None or _stream_digest(member) != expected:
                problems.append(Problem("altered", info.name))
            seen.add(info.name)
    if manifests > 1:
        problems.append(Problem("unlisted", MANIFEST))
    problems.extend(Problem("missing", n) for n in sorted(set(manifest["members"]) - seen))
    return problems


def archive_check(path: Path, *, key: bytes) -> Checked:
    """Every member read and hashed against the signed manifest; nothing is written."""
    try:
        with tarfile.open(path, "r:") as tar:
            manifest = _manifest(tar)
            if manifest is None:
                return Checked(None, (Problem("manifest"),))
            return Checked(manifest, tuple(_problems(tar, manifest, key)))
    except (OSError, tarfile.TarError):
        return Checked(None, (Problem("unreadable"),))


def archive_members(path: Path) -> Iterator[tuple[str, IO[bytes]]]:
    """The regular members but the manifest, in archive order, each readable once."""
    with tarfile.open(path, "r:") as tar:
        for info in tar:
            if info.name != MANIFEST and info.isreg():
                raw = tar.extractfile(info)
                if raw is not None:
                    yield info.name, raw


def archive_extract(
    path: Path,
    *,
    manifest: dict[str, Any],
    destination: Callable[[str], Path],
    on_member: Callable[[str], None] = lambda name: None,
) -> None:
    """Write every member to `destination(name)`, hashing it again on the way: the file
    may have changed since it was checked. BackupError on any difference."""
    for name, raw in archive_members(path):
        expected = _listed(manifest, name)
        if expected is None or not name_is_safe(name):
            raise BackupError(f"thành phần lạ trong bản sao lưu: {name}")
        target = destination(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        reader = HashingReader(raw)
        with target.open("wb") as out:
            while chunk := reader.read(CHUNK):
                out.write(chunk)
        if reader.digest != expected:
            raise BackupError(f"bản sao lưu đã thay đổi sau khi kiểm tra: {name}")
        on_member(name)
