"""Backing up and restoring the database and the media files (`make backup`, `make restore`).

A backup is one tar archive holding the database (PostgreSQL: `pg_dump --format=custom`; SQLite: a
copy made with SQLite's online backup API), the media files under `media/`, and `manifest.json`: each
table's row count and checksum, and one checksum over the media files. Both copies are consistent
while the app runs: pg_dump reads the very snapshot the checksums are computed in, and SQLite's
backup API copies the database within one read transaction (WAL lets the app keep writing).

A restore puts the database and the media folder back as they were, then computes the manifest again
and fails loudly on any difference. A checksum is compared only with one computed by the same engine
(each engine prints values its own way), so a backup restores into the engine it was made on.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ENGINES = {"django.db.backends.postgresql": "postgresql", "django.db.backends.sqlite3": "sqlite"}


class BackupError(Exception):
    """A backup or restore that cannot go on, or a restore that does not match its backup."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict


def engine():
    database = settings.DATABASES["default"]
    if database["ENGINE"] not in ENGINES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {database['ENGINE']}.")
    return ENGINES[database["ENGINE"]]


def _md5(data=b""):
    return hashlib.md5(data, usedforsecurity=False)  # a fingerprint of the data, not a protection


def sqlite_tables(path):
    """Each table's row count and checksum (md5 over its rows in primary-key order), read through a
    plain sqlite3 connection so that the values are the file's own, not Django's conversions."""
    tables = {}
    with closing(sqlite3.connect(path)) as database:
        names = [name for (name,) in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )]
        for name in names:
            columns = sorted((column for column in database.execute(f'PRAGMA table_info("{name}")') if column[5]),
                             key=lambda column: column[5])
            order = ", ".join(f'"{column[1]}"' for column in columns) or "rowid"
            digest, count = _md5(), 0
            for row in database.execute(f'SELECT * FROM "{name}" ORDER BY {order}'):
                digest.update(repr(row).encode() + b"\n")
                count += 1
            tables[name] = {"rows": count, "checksum": digest.hexdigest()}
    return tables


def postgresql_tables(cursor):
    """Each table's row count and checksum (md5 over the md5 of each row's text, in primary-key
    order), computed by PostgreSQL in the cursor's transaction."""
    introspection, quote = connection.introspection, connection.ops.quote_name
    tables = {}
    for name in sorted(introspection.table_names(cursor)):
        keys = introspection.get_primary_key_columns(cursor, name) or []
        order = ", ".join(f"kbo_row.{quote(key)}" for key in keys) or "kbo_row::text"
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(md5(kbo_row::text), '' ORDER BY {order}), '')) "
            f"FROM {quote(name)} AS kbo_row"
        )
        count, checksum = cursor.fetchone()
        tables[name] = {"rows": count, "checksum": checksum}
    return tables


def media_fingerprint(root, archive=None):
    """The number, total size and one checksum of the files under `root`. With `archive`, also adds
    each file to it under media/, so that the manifest describes exactly the bytes archived."""
    root = Path(root)
    names = sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
    digest, files, size = _md5(), 0, 0
    for name in names:
        try:
            data = (root / name).read_bytes()
        except FileNotFoundError:  # deleted by the running app since the listing
            continue
        if archive is not None:  # with the file's own mode and time, so the web server can still read it
            info = archive.gettarinfo(root / name, f"{MEDIA}/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        digest.update(name.encode() + b"\0" + _md5(data).digest() + b"\n")
        files, size = files + 1, size + len(data)
    return {"files": files, "bytes": size, "checksum": digest.hexdigest()}


def current_state():
    """The configured database's tables and the media files, as a manifest records them."""
    if engine() == "sqlite":
        tables = sqlite_tables(_sqlite_path())
    else:
        with connection.cursor() as cursor:
            tables = postgresql_tables(cursor)
    return {"tables": tables, "media": media_fingerprint(settings.MEDIA_ROOT)}


def differences(expected, actual):
    """What differs between two manifests (tables and media), one line each; empty when they match."""
    found = []
    for name in sorted(set(expected["tables"]) | set(actual["tables"])):
        want, got = expected["tables"].get(name), actual["tables"].get(name)
        if want is None:
            found.append(f"{name}: a table the backup does not have")
        elif got is None:
            found.append(f"{name}: missing")
        elif want != got:
            found.append(f"{name}: {got['rows']} rows, checksum {got['checksum']}; "
                         f"the backup has {want['rows']} rows, checksum {want['checksum']}")
    if expected["media"] != actual["media"]:
        want, got = expected["media"], actual["media"]
        found.append(f"media: {got['files']} files, {got['bytes']} bytes, checksum {got['checksum']}; the backup "
                     f"has {want['files']} files, {want['bytes']} bytes, checksum {want['checksum']}")
    return found


def summary(manifest):
    """The manifest as an operator reads it: the database, the media files, and each table's rows."""
    tables, media = manifest["tables"], manifest["media"]
    rows = sum(table["rows"] for table in tables.values())
    width = max(map(len, tables), default=0)
    return [
        f"{manifest['engine']} database {manifest['database']} of {manifest['created']}: {len(tables)} tables, "
        f"{rows} rows; {media['files']} media files ({size(media['bytes'])})",
        *(f"  {name:<{width}}  {table['rows']:>8}" for name, table in tables.items()),
    ]


def size(count):
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.0f} kB"


# ---- backup -------------------------------------------------------------------------------------

def create(path=None):
    """Writes a backup to `path` (default: a timestamped name in BACKUP_DIR) and returns it. The
    archive appears under its name only once complete, readable by its owner alone (it holds
    personal data and password hashes)."""
    kind = engine()
    path = Path(path or Path(settings.BACKUP_DIR) / timezone.localtime().strftime("kbo-%Y%m%d-%H%M%S.tar"))
    if path.exists():
        raise BackupError(f"{path} already exists; name another file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".kbo-backup-") as work:
        dump = Path(work) / DUMPS[kind]
        tables = _dump_postgresql(dump) if kind == "postgresql" else _dump_sqlite(dump)
        partial = Path(work) / "backup.tar"
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, DUMPS[kind])
            media = media_fingerprint(settings.MEDIA_ROOT, archive)
            manifest = {
                "created": timezone.localtime().isoformat(timespec="seconds"), "engine": kind,
                "database": str(settings.DATABASES["default"]["NAME"]), "tables": tables, "media": media,
            }
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
        partial.chmod(0o600)
        partial.replace(path)
    return Backup(path, manifest)


def _dump_postgresql(target):
    """pg_dump reads the snapshot this transaction exports, and the checksums are computed in the
    same transaction: the manifest describes the dump exactly, whatever the app writes meanwhile."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        _postgres("pg_dump", "--format=custom", f"--snapshot={cursor.fetchone()[0]}", f"--file={target}")
        return postgresql_tables(cursor)


def _dump_sqlite(target):
    path = _sqlite_path()
    if not Path(path).is_file():
        raise BackupError(f"There is no database at {path}.")
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return sqlite_tables(target)


def _sqlite_path():
    return str(settings.DATABASES["default"]["NAME"])


def _postgres(program, *arguments):
    """Runs a PostgreSQL client program on the configured database. The password goes in the
    environment (PGPASSWORD), never on the command line, where other users could read it."""
    database = settings.DATABASES["default"]
    command = [program, "--no-password", f"--dbname={database['NAME']}"]
    command += [f"--{option}={database[key]}" for option, key in (("host", "HOST"), ("port", "PORT"), ("username", "USER"))
                if database.get(key)]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    if database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    try:
        result = subprocess.run([*command, *arguments], env=environment, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).") from None
    if result.returncode:
        raise BackupError(f"{program} failed:\n{result.stderr.strip()}")


# ---- restore ------------------------------------------------------------------------------------

def read_manifest(path):
    """The manifest of the backup at `path`; refuses a file that is not a KBO backup."""
    try:
        with tarfile.open(path) as archive:
            return json.load(archive.extractfile(MANIFEST))
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{path} is not a KBO backup ({error}).") from None


def restore(path):
    """Replaces the configured database and the media files with the backup's, then checks both
    against its manifest (BackupError on any difference). Nothing may use the database meanwhile:
    stop the web app and the Celery worker first. Returns the manifest."""
    kind, manifest = engine(), read_manifest(path)
    if manifest["engine"] != kind:
        raise BackupError(f"{path} is a backup of a {manifest['engine']} database; the configured one is {kind}.")
    with tempfile.TemporaryDirectory(prefix="kbo-restore-") as work:
        with tarfile.open(path) as archive:
            archive.extractall(work, filter="data")
        connections.close_all()
        if kind == "postgresql":
            _load_postgresql(Path(work) / DUMPS[kind])
        else:
            _load_sqlite(Path(work) / DUMPS[kind])
        _replace_media(Path(work) / MEDIA, Path(settings.MEDIA_ROOT))
    found = differences(manifest, current_state())
    if found:
        raise BackupError("The restored data differ from the backup:\n" + "\n".join(found))
    return manifest


def _load_postgresql(dump):
    """One transaction: a restore that fails midway changes nothing. Ownership and grants are left
    out, so the dump restores into a server whose roles have other names."""
    _postgres("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", str(dump))


def _load_sqlite(copy):
    """SQLite's backup API in reverse: the copy is written into the database through SQLite itself,
    in one transaction, so its write-ahead log stays consistent (a file renamed over the database
    would meet the old -wal file and be corrupted by it)."""
    with closing(sqlite3.connect(copy)) as source, closing(sqlite3.connect(_sqlite_path())) as target:
        source.backup(target)


def _replace_media(unpacked, root):
    """Empties the media folder and moves the backup's files in, entry by entry (the folder itself
    may be a mount point, which cannot be renamed)."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if unpacked.is_dir():
        for entry in unpacked.iterdir():
            shutil.move(entry, root / entry.name)
