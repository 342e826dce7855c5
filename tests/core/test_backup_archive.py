"""The backup archive on its own: what `backup verify` and `restore` refuse, and what a
failed or pruned backup leaves behind (the drill with the real commands is test_backup)."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from motcua.core.backups.archive import (
    MANIFEST,
    ArchiveWriter,
    BackupError,
    archive_check,
    archive_extract,
    file_digest,
)
from motcua.core.backups.create import backup_prune, complete_lines
from motcua.core.backups.restore import compatibility_problem

KEY = b"audit key of the site"
SCAN = bytes(range(256)) * 64


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(SCAN)
    path = tmp_path / "motcua-backup-20250707-090000.tar"
    with ArchiveWriter(path) as writer:
        writer.add_bytes("database.sqlite3", b"SQLite format 3\x00 rows", mtime=0)
        writer.add_file("media/dossiers/2025/07/scan.pdf", scan)
        writer.commit({"engine": "sqlite"}, key=KEY, mtime=0)
    return path


def rewrite(path: Path, change) -> None:
    """The archive written again with `change(members)` applied to {name: bytes}."""
    with tarfile.open(path) as tar:
        members = {}
        for info in tar:
            member = tar.extractfile(info)
            assert member is not None
            members[info.name] = member.read()
    change(members)
    with tarfile.open(path, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def kinds(path: Path, key: bytes = KEY) -> list[tuple[str, str]]:
    return [(p.kind, p.member) for p in archive_check(path, key=key).problems]


def test_an_archive_checks_whole_and_gives_back_the_bytes_written(archive, tmp_path):
    checked = archive_check(archive, key=KEY)
    assert checked.ok and checked.manifest is not None
    assert checked.manifest["engine"] == "sqlite"
    assert checked.manifest["members"]["media/dossiers/2025/07/scan.pdf"]["size"] == len(SCAN)
    archive_extract(archive, manifest=checked.manifest, destination=lambda n: tmp_path / "out" / n)
    assert (tmp_path / "out/media/dossiers/2025/07/scan.pdf").read_bytes() == SCAN
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's only


def test_one_flipped_byte_names_the_altered_member(archive):
    data = bytearray(archive.read_bytes())
    data[data.index(SCAN[:64]) + 100] ^= 1
    archive.write_bytes(bytes(data))
    assert kinds(archive) == [("altered", "media/dossiers/2025/07/scan.pdf")]


def test_a_member_added_or_taken_away_is_noticed(archive):
    def swap(members: dict[str, bytes]) -> None:
        del members["database.sqlite3"]
        members["media/extra.pdf"] = b"%PDF-"

    rewrite(archive, swap)
    assert kinds(archive) == [("unlisted", "media/extra.pdf"), ("missing", "database.sqlite3")]


def test_hashes_recomputed_without_the_key_fail_the_signature(archive):
    def forge(members: dict[str, bytes]) -> None:
        members["database.sqlite3"] = b"SQLite format 3\x00 other rows"
        manifest = json.loads(members[MANIFEST])
        manifest["members"]["database.sqlite3"] = {
            "sha256": hashlib.sha256(members["database.sqlite3"]).hexdigest(),
            "size": len(members["database.sqlite3"]),
        }
        members[MANIFEST] = json.dumps(manifest).encode()

    rewrite(archive, forge)
    assert kinds(archive) == [("signature", "")]


def test_an_archive_checked_with_another_key_is_refused(archive):
    assert kinds(archive, key=b"another site's key") == [("signature", "")]


def test_a_member_that_would_land_outside_its_folder_is_refused(archive):
    rewrite(archive, lambda members: members.update({"media/../../etc/cron.d/x": b"* * *"}))
    assert ("unsafe", "media/../../etc/cron.d/x") in kinds(archive)


def test_a_file_that_is_no_archive_is_unreadable(tmp_path):
    bogus = tmp_path / "bogus.tar"
    bogus.write_bytes(b"not a tar at all" * 100)
    assert kinds(bogus) == [("unreadable", "")]
    assert kinds(tmp_path / "absent.tar") == [("unreadable", "")]


def test_an_archive_cut_short_is_refused(archive):
    archive.write_bytes(archive.read_bytes()[:2048])
    assert not archive_check(archive, key=KEY).ok


def test_a_failed_backup_leaves_no_archive_and_no_partial_file(tmp_path):
    path = tmp_path / "motcua-backup-20250707-090000.tar"
    with pytest.raises(RuntimeError), ArchiveWriter(path) as writer:
        writer.add_bytes("database.sqlite3", b"rows", mtime=0)
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_a_member_name_is_never_taken_twice_nor_outside(tmp_path):
    with ArchiveWriter(tmp_path / "a.tar") as writer:
        writer.add_bytes("media/a", b"1", mtime=0)
        for name in ("media/a", "../a", "/etc/passwd", MANIFEST):
            with pytest.raises(BackupError):
                writer.add_bytes(name, b"2", mtime=0)


def test_keep_deletes_only_the_oldest_dated_archives(tmp_path):
    names = [f"motcua-backup-202507{d:02d}-020000.tar" for d in (1, 2, 3, 4)]
    for name in [*names, "notes.txt", "motcua-backup-copy.tar"]:
        (tmp_path / name).write_bytes(b"x")
    gone = backup_prune(tmp_path, keep=2)
    assert [p.name for p in gone] == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*names[2:], "notes.txt", "motcua-backup-copy.tar"]
    )


def test_a_checkpoint_being_appended_is_left_out_of_the_copy():
    assert complete_lines(b'{"at": 1}\n{"at": 2}\n{"at"') == b'{"at": 1}\n{"at": 2}\n'
    assert complete_lines(b"") == b""


def test_file_digest_is_the_sha256_of_the_bytes(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(SCAN)
    digest = file_digest(path)
    assert (digest.sha256, digest.size) == (hashlib.sha256(SCAN).hexdigest(), 16384)


def test_an_archive_of_another_engine_or_a_newer_motcua_is_refused():
    here = connection.vendor
    other = "postgresql" if here == "sqlite" else "sqlite"
    assert compatibility_problem({"engine": here, "migrations": {"core": ["0001_initial"]}}) is None
    assert "cross-engine" in (compatibility_problem({"engine": other, "migrations": {}}) or "")
    newer = {"engine": here, "app_version": "9.0", "migrations": {"core": ["0999_future"]}}
    assert "core.0999_future" in (compatibility_problem(newer) or "")
