"""`manage.py backup` and `manage.py restore`: a restore into a new database and media folder equals the backup
(every table's row count, every file's checksum) and its downloads work; bad targets and archives are refused
with a clear message."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from tests import factories
from tests.conftest import service_missing

ROOT = Path(__file__).resolve().parents[2]


def checksums(folder):
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def row_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


class NewDatabase:
    """An empty database of the same kind as the test database, dropped afterwards."""

    def __init__(self, tmp_path):
        self.vendor = connection.vendor
        settings = connection.settings_dict
        if self.vendor == "postgresql":
            self.name = f"{settings['NAME']}_restored"[:63]
            host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
            self.url = f"postgres://{settings['USER']}@{host}:{port}/{self.name}"
            self._admin("DROP DATABASE IF EXISTS {0}", "CREATE DATABASE {0}")
        else:
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, *statements):
        import psycopg2

        settings = connection.settings_dict
        admin = psycopg2.connect(
            dbname="postgres", user=settings["USER"], host=settings["HOST"] or "127.0.0.1", port=settings["PORT"]
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement.format(f'"{self.name}"'))
        admin.close()

    def counts(self, tables):
        if self.vendor == "postgresql":
            import psycopg2

            settings = connection.settings_dict
            target = psycopg2.connect(
                dbname=self.name, user=settings["USER"], host=settings["HOST"] or "127.0.0.1", port=settings["PORT"]
            )
            try:
                with target.cursor() as cursor:
                    return row_counts(cursor, tables)
            finally:
                target.close()
        target = sqlite3.connect(self.path)
        try:
            return row_counts(target.cursor(), tables)
        finally:
            target.close()

    def drop(self):
        if self.vendor == "postgresql":
            self._admin("DROP DATABASE IF EXISTS {0} WITH (FORCE)")


@pytest.fixture
def new_database(tmp_path):
    database = NewDatabase(tmp_path)
    yield database
    database.drop()


def manage(*args, database_url, media_root):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "true",
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "testserver",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


DOWNLOADS = """
import hashlib
from django.test import Client
from accounts.models import User
from tests.conftest import sign_in
client = Client()
sign_in(client, User.objects.get(username="officer"))
for path in {paths!r}:
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    print(path, response.status_code, hashlib.sha256(body).hexdigest())
"""


@pytest.fixture
def archive(tmp_path, officer, kz_coordinator):
    measure = factories.MeasureFactory(title="Energy security")
    factories.CoordinationFactory(measure=measure, country=kz_coordinator.country)
    report = factories.ImplementationReportFactory(measure=measure, country=kz_coordinator.country)
    attachments = [factories.ReportAttachmentFactory(report=report) for _ in range(3)]
    versions = [factories.DocumentLanguageVersionFactory() for _ in range(2)]
    out = io.StringIO()
    call_command("backup", "--output-dir", str(tmp_path / "backups"), stdout=out)
    [path] = (tmp_path / "backups").glob("cica-backup-*.tar.gz")
    assert out.getvalue().startswith(f"backup written to {path}: ")
    return path, report, attachments, versions


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_new_database_and_media_folder_equals_the_original(
    archive, new_database, tmp_path, settings
):
    path, report, attachments, versions = archive
    media = tmp_path / "restored-media"

    restored = manage("restore", str(path), database_url=new_database.url, media_root=media)

    assert restored.returncode == 0, restored.stderr
    assert "every row count and checksum matches the manifest" in restored.stdout
    tables = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        original = row_counts(cursor, tables)
    assert new_database.counts(tables) == original
    assert original["measures_reportattachment"] == 3 and original["accounts_user"] >= 2
    assert checksums(media) == checksums(settings.MEDIA_ROOT)
    assert len(checksums(media)) == 5
    # Downloads work from the restored copy, portal and API alike, with the same bytes.
    paths = [reverse("measures:attachment_download", args=[a.pk]) for a in attachments]
    paths += [reverse("api:report-attachment-download", args=[report.pk, attachments[0].pk])]
    paths += [reverse("secretariat:document_file", args=[v.pk]) for v in versions]
    script = DOWNLOADS.format(paths=paths)
    downloads = manage("shell", "-c", script, database_url=new_database.url, media_root=media)
    assert downloads.returncode == 0, downloads.stderr
    expected = [a.file for a in attachments] + [attachments[0].file] + [v.file for v in versions]
    printed = [line for line in downloads.stdout.splitlines() if line.startswith("/")]
    assert " ".join(printed).split() == [
        part
        for url, file in zip(paths, expected, strict=True)
        for part in (url, "200", hashlib.sha256(Path(file.path).read_bytes()).hexdigest())
    ]


@pytest.mark.django_db(transaction=True)
def test_the_manifest_counts_every_table_and_checksums_every_file(archive, settings):
    path = archive[0]
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    tables = set(connection.introspection.table_names())
    assert set(manifest["tables"]) == tables
    assert manifest["vendor"] == connection.vendor
    assert {f"media/{name}" for name in manifest["files"]} | {"manifest.json", manifest["database"]["name"]} == names
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == checksums(settings.MEDIA_ROOT)
    assert manifest["missing_files"] == []


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(archive):
    with pytest.raises(CommandError, match="is not empty .* Restore only into an empty database"):
        call_command("restore", str(archive[0]))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_media_folder_that_is_not_empty(archive, new_database, tmp_path):
    media = tmp_path / "busy-media"
    (media / "someone").mkdir(parents=True)
    (media / "someone" / "file.pdf").write_bytes(b"%PDF")
    restored = manage("restore", str(archive[0]), database_url=new_database.url, media_root=media)
    assert restored.returncode != 0
    assert "The file store is not empty (it holds someone/file.pdf" in restored.stderr


def test_restore_refuses_a_damaged_or_foreign_archive(tmp_path, db):
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive at all")
    with pytest.raises(CommandError, match="is not a readable backup archive"):
        call_command("restore", str(garbage))

    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        data = b"hello"
        info = tarfile.TarInfo("notes.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="has no readable manifest.json"):
        call_command("restore", str(foreign))

    with pytest.raises(CommandError, match="no such backup archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_whose_file_does_not_match_its_checksum(archive, tmp_path):
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive[0]) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data.replace(b"annex", b"ANNEX")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="is damaged: media/.* does not match its checksum"):
        call_command("restore", str(tampered))


@pytest.mark.django_db(transaction=True)
def test_backup_without_pg_dump_says_what_to_install(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL needed")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump was not found on PATH. Install the PostgreSQL client tools"):
        call_command("backup", "--output-dir", str(tmp_path))
    assert list(tmp_path.glob("*.tar.gz")) == []
