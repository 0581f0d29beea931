"""`manage.py backup` and `manage.py restore` (`make backup`, `make restore`) round-trip a populated
database and its media files: same row count and checksum for every table, same files.

The test database is copied to a database of the test's own (SQLite: a file; PostgreSQL: a scratch
database made from the test database as a template), and the commands run on that copy in their own
processes, as an operator runs them: back up, change and delete rows and files, restore.
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
import uuid
from contextlib import closing, contextmanager

import psycopg2
import psycopg2.errors
import pytest
from django.core.files.base import ContentFile
from django.db import connection

from contests.reminders import rules
from contests.reminders.tests.factories import scoring_contest, submit_all
from kbo.accounts.tests.factories import UserFactory
from kbo.core import backup
from kbo.core.servers import ROOT
from products.models import ProductPhoto

ENGINE = connection.vendor

CHANGES = [  # what happens to the copy between the backup and the restore
    "UPDATE contests_scorecard SET status = 'draft', submitted_at = NULL",
    "DELETE FROM reminders_reminder",
    "UPDATE products_product SET name = 'changed'",
    "DELETE FROM products_productphoto",
]
CHANGED = ["contests_scorecard", "products_product", "products_productphoto", "reminders_reminder"]


def populate():
    """A contest with submitted scorecards, reminders by hand and product photos, on top of geography."""
    contest = scoring_contest(members=4, entries=3)
    for juror in contest.jurors.filter(seat__lte=2):
        submit_all(juror)
    assert rules.remind_behind(contest, by=UserFactory(username="officer")) == 2
    for number, entry in enumerate(contest.entries.all()):
        ProductPhoto(product=entry.product, caption=f"ภาพ {number}").image.save(
            f"photo{number}.jpg", ContentFile(os.urandom(2000 + number))
        )


def manage(*arguments, environment):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=120,
    )


def media_files(root):
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def round_trip(tmp_path, settings, environment, tables, execute):
    """Backs up the copy, changes it, restores a tampered archive (refused, loudly) and the real one."""
    media = settings.MEDIA_ROOT
    environment = {**environment, "MEDIA_ROOT": str(media), "BACKUP_DIR": str(tmp_path / "backups")}
    before, files = tables(), media_files(media)
    assert before["contests_scorecard"]["rows"] == 6 and before["products_productphoto"]["rows"] == 3

    made = manage("backup", environment=environment)
    assert made.returncode == 0, made.stderr
    (archive,) = (tmp_path / "backups").iterdir()
    manifest = backup.read_manifest(archive)
    assert (manifest["tables"], manifest["media"]["files"]) == (before, 3)
    assert f"{len(before)} tables" in made.stdout and oct(archive.stat().st_mode)[-3:] == "600"

    for statement in CHANGES:
        execute(statement)
    (media / "products" / "photo0.jpg").unlink()
    (media / "stray.txt").write_text("not in the backup")
    changed = tables()
    assert sorted(name for name in before if changed[name] != before[name]) == CHANGED

    tampered = tmp_path / "tampered.tar"
    write_tampered(archive, tampered, table="contests_score")
    refused = manage("restore", str(tampered), "--yes", environment=environment)
    assert refused.returncode == 1
    assert "contests_score: " in refused.stderr and "the backup has" in refused.stderr

    restored = manage("restore", str(archive), "--yes", environment=environment)
    assert restored.returncode == 0, restored.stderr
    assert tables() == before
    assert media_files(media) == files


def write_tampered(archive, tampered, table):
    """A copy of the archive whose manifest claims one more row in `table` than was backed up."""
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == backup.MANIFEST:
                manifest = json.loads(data)
                manifest["tables"][table]["rows"] += 1
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))


@pytest.mark.skipif(ENGINE != "sqlite", reason="the SQLite round trip")
@pytest.mark.django_db(transaction=True)  # SQLite's backup API copies committed data only
def test_backup_and_restore_round_trip_an_sqlite_database(geography, settings, tmp_path):
    populate()
    copy = tmp_path / "var" / "kbo.sqlite3"
    copy.parent.mkdir()
    with closing(sqlite3.connect(copy)) as target:
        connection.connection.backup(target)

    def execute(statement):
        with closing(sqlite3.connect(copy)) as database, database:
            database.execute(statement)

    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["KBO_VAR_DIR"] = str(copy.parent)
    round_trip(tmp_path, settings, environment, lambda: backup.sqlite_tables(copy), execute)


@contextmanager
def scratch_database():
    """A database of the test's own, a copy of the test database (its template), dropped afterwards."""
    database = connection.settings_dict
    name = f"kbo_backup_test_{uuid.uuid4().hex[:8]}"
    parameters = {"host": database["HOST"], "port": database["PORT"] or 5432, "user": database["USER"],
                  "password": database["PASSWORD"]}
    connection.close()  # a template must have no other session
    with closing(psycopg2.connect(dbname="postgres", **parameters)) as server:
        server.autocommit = True
        with server.cursor() as cursor:
            # Sessions that earlier tests left behind (a live server's threads, a worker's) would make
            # the copy fail: end them. The suite runs one test at a time, so none is in use.
            for attempt in range(20):
                cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                               [database["NAME"]])
                try:
                    cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{database["NAME"]}"')
                    break
                except psycopg2.errors.ObjectInUse:
                    if attempt == 19:
                        raise
                    time.sleep(0.25)
        try:
            # In UTC, as Django's connections are: a row's text holds its times in the session's time zone.
            with closing(psycopg2.connect(dbname=name, options="-c timezone=UTC", **parameters)) as scratch:
                scratch.autocommit = True
                yield name, scratch
        finally:
            with server.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.services
@pytest.mark.skipif(ENGINE != "postgresql", reason="DATABASE_URL is not PostgreSQL")
@pytest.mark.django_db(transaction=True)  # the template database holds committed data only
def test_backup_and_restore_round_trip_a_postgresql_database(geography, settings, tmp_path):
    populate()
    with scratch_database() as (name, scratch):
        def tables():
            with scratch.cursor() as cursor:
                return backup.postgresql_tables(cursor)

        def execute(statement):
            with scratch.cursor() as cursor:
                cursor.execute(statement)

        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
        round_trip(tmp_path, settings, {**os.environ, "DATABASE_URL": url}, tables, execute)


def test_differences_name_each_table_and_the_media_files_that_differ():
    media = {"files": 2, "bytes": 10, "checksum": "m1"}
    expected = {"tables": {"a": {"rows": 1, "checksum": "x"}, "b": {"rows": 2, "checksum": "y"}}, "media": media}
    assert backup.differences(expected, expected) == []
    actual = {"tables": {"a": {"rows": 1, "checksum": "z"}, "c": {"rows": 0, "checksum": "w"}},
              "media": {**media, "files": 1}}
    assert backup.differences(expected, actual) == [
        "a: 1 rows, checksum z; the backup has 1 rows, checksum x",
        "b: missing",
        "c: a table the backup does not have",
        "media: 1 files, 10 bytes, checksum m1; the backup has 2 files, 10 bytes, checksum m1",
    ]


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    (tmp_path / "notes.tar").write_text("not an archive")
    with pytest.raises(backup.BackupError, match="is not a KBO backup"):
        backup.read_manifest(tmp_path / "notes.tar")
