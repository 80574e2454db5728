"""Backup and restore of the database and the uploaded files, as one archive with a manifest.

The archive (a .tar.gz) holds:
- `manifest.json`: the format, when and from what it was made, the row count of every table and the size and
  SHA-256 of every file (the database dump included);
- `database/postgresql.dump` (pg_dump's custom format) or `database/sqlite3.db` (SQLite's online backup);
- `media/<name>`: every uploaded file, read through the storage API (any storage backend).

Consistency: on PostgreSQL the row counts are taken in a REPEATABLE READ transaction whose snapshot pg_dump shares
(`pg_dump --snapshot`), so the manifest describes exactly the dump; SQLite's backup API copies one consistent
state and the counts are read from that copy. Files are copied after the database: a file uploaded meanwhile is
extra (cleanup_orphan_files finds it after a restore); a file deleted meanwhile is listed as missing.

Restore goes only into an empty database and an empty file store, and checks every count and checksum against the
manifest before it says it is done.
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
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from core.files import referenced_files, stored_files

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database/postgresql.dump", "sqlite": "database/sqlite3.db"}
CHUNK = 1024 * 1024


def sha256_of(stream):
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def tool(name):
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools (Debian: apt-get install "
            f"postgresql-client), of the server's major version or newer."
        )
    return path


def postgres_command(binary, database):
    """The client tool's command line and environment for `database` (a DATABASES entry)."""
    command = [tool(binary), "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command += [option, str(database[key])]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return command, env


def run(command, env, what):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{what} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")


def table_names():
    return sorted(connection.introspection.table_names())


def count_rows(cursor, tables, quote):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def snapshot_postgresql(workdir):
    """pg_dump of one snapshot, and the row counts and referenced files of that same snapshot."""
    dump = Path(workdir) / "postgresql.dump"
    database = connection.settings_dict
    tables = table_names()
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = count_rows(cursor, tables, connection.ops.quote_name)
            command, env = postgres_command("pg_dump", database)
            command += ["--format=custom", f"--snapshot={snapshot}", f"--file={dump}", database["NAME"]]
            run(command, env, "pg_dump")
        raw.rollback()
    finally:
        raw.close()
    return dump, counts


def snapshot_sqlite(workdir):
    copy = Path(workdir) / "sqlite3.db"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    try:
        connection.connection.backup(target)
        quote = connection.ops.quote_name
        names = [row[0] for row in target.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = sorted(name for name in names if not name.startswith("sqlite_"))
        counts = count_rows(target.cursor(), tables, quote)
    finally:
        target.close()
    return copy, counts


def add_file(archive, arcname, stream, size):
    info = tarfile.TarInfo(arcname)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, stream)


def backup(output_dir, storage=default_storage):
    """Write an archive into `output_dir`; returns (path, manifest)."""
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise CommandError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    path = output_dir / f"cica-backup-{created:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory() as workdir:
        dump, counts = (snapshot_postgresql if vendor == "postgresql" else snapshot_sqlite)(workdir)
        referenced = referenced_files()
        manifest = {
            "format": FORMAT,
            "created": created.isoformat(),
            "vendor": vendor,
            "tables": counts,
            "database": {},
            "files": {},
            "missing_files": [],
        }
        partial = path.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            with open(dump, "rb") as stream:
                digest, size = sha256_of(stream)
                stream.seek(0)
                add_file(archive, DUMPS[vendor], stream, size)
            manifest["database"] = {"name": DUMPS[vendor], "sha256": digest, "size": size}
            names = sorted(stored_files(storage))
            for name in names:
                with storage.open(name, "rb") as stream:
                    digest, size = sha256_of(stream)
                with storage.open(name, "rb") as stream:
                    add_file(archive, f"media/{name}", stream, size)
                manifest["files"][name] = {"sha256": digest, "size": size}
            manifest["missing_files"] = sorted(referenced - set(names))
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            add_file(archive, MANIFEST, io.BytesIO(data), len(data))
        partial.rename(path)
    return path, manifest


def read_archive(path, workdir):
    """Extract and check the archive; returns its manifest. Any damage is a CommandError naming it."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"{path}: no such backup archive.")
    try:
        with tarfile.open(path, "r:*") as archive:
            archive.extractall(workdir, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise CommandError(f"{path} is not a readable backup archive (damaged or not a backup): {exc}") from exc
    try:
        manifest = json.loads((Path(workdir) / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise CommandError(
            f"{path} has no readable {MANIFEST}: it is not a backup made by `manage.py backup`."
        ) from exc
    if manifest.get("format") != FORMAT:
        raise CommandError(f"{path} is a backup of format {manifest.get('format')}; this version reads {FORMAT}.")
    damaged = []
    entries = [(manifest["database"]["name"], manifest["database"])]
    entries += [(f"media/{name}", entry) for name, entry in manifest["files"].items()]
    for name, entry in entries:
        member = Path(workdir) / name
        if not member.is_file():
            damaged.append(f"{name} is missing")
            continue
        with open(member, "rb") as stream:
            if sha256_of(stream) != (entry["sha256"], entry["size"]):
                damaged.append(f"{name} does not match its checksum")
    if damaged:
        raise CommandError(f"{path} is damaged: " + "; ".join(damaged[:10]))
    return manifest


def check_target_is_empty(storage=default_storage):
    tables = table_names()
    if tables:
        raise CommandError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables). Restore only into "
            "an empty database: create a new one (e.g. createdb cica_restored) and point DATABASE_URL at it."
        )
    existing = next(iter(stored_files(storage)), None)
    if existing is not None:
        raise CommandError(
            f"The file store is not empty (it holds {existing}, ...). Restore only into an empty media folder "
            "(MEDIA_ROOT) or bucket."
        )


def restore(path, storage=default_storage):
    """Load an archive into the empty database and file store; returns the manifest once everything matches it."""
    with tempfile.TemporaryDirectory() as workdir:
        manifest = read_archive(path, workdir)
        if manifest["vendor"] != connection.vendor:
            raise CommandError(
                f"This backup is of a {manifest['vendor']} database; DATABASE_URL names a {connection.vendor} one."
            )
        check_target_is_empty(storage)
        dump = Path(workdir) / manifest["database"]["name"]
        if connection.vendor == "postgresql":
            command, env = postgres_command("pg_restore", connection.settings_dict)
            command += ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
            command += [f"--dbname={connection.settings_dict['NAME']}", str(dump)]
            connection.close()
            run(command, env, "pg_restore")
        else:
            connection.close()
            source, target = sqlite3.connect(dump), sqlite3.connect(connection.settings_dict["NAME"])
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        for name in manifest["files"]:
            with open(Path(workdir) / "media" / name, "rb") as stream:
                saved = storage.save(name, File(stream))
            if saved != name:
                raise CommandError(f"The file store renamed {name} to {saved}; restore into an empty store.")
    verify(manifest, storage)
    return manifest


def verify(manifest, storage=default_storage):
    """Every table's row count and every file's checksum as the manifest says; a CommandError lists what differs."""
    differences = []
    with connection.cursor() as cursor:
        counts = count_rows(cursor, sorted(manifest["tables"]), connection.ops.quote_name)
    for table, expected in manifest["tables"].items():
        if counts[table] != expected:
            differences.append(f"table {table}: {counts[table]} rows, the backup has {expected}")
    for name, entry in manifest["files"].items():
        with storage.open(name, "rb") as stream:
            if sha256_of(stream) != (entry["sha256"], entry["size"]):
                differences.append(f"file {name} differs from the backup")
    if differences:
        raise CommandError("The restore does not match the backup: " + "; ".join(differences[:20]))


def default_output_dir():
    return Path(settings.BACKUP_DIR)
