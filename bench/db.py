"""The benchmark's own database, ``tugi_bench``, on the same PostgreSQL server as the app.

The app's settings are left alone: before Django is imported the bench points ``DATABASE_URL`` at
``tugi_bench`` (on the server of the caller's ``DATABASE_URL``, or on the project-local embedded
cluster when it is unset, which is what the settings would use). Only that database is ever
created, dropped or written; other databases on the server are not touched. ``TUGI_BENCH_DB``
names another one (``tugi_bench_s1`` for a trial at scale 1 beside a big ``tugi_bench``); it must
start with ``tugi_bench`` so a slip of the environment can never drop an application database.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg

DB_PREFIX = "tugi_bench"
DB_NAME = os.environ.get("TUGI_BENCH_DB", "") or DB_PREFIX
if not DB_NAME.startswith(DB_PREFIX) or not DB_NAME.replace("_", "").isalnum():
    raise SystemExit(f"TUGI_BENCH_DB must be a plain name starting with {DB_PREFIX!r}, not {DB_NAME!r}")

META_DDL = """
CREATE TABLE IF NOT EXISTS bench_meta (
    block integer PRIMARY KEY,
    agency_id bigint NOT NULL,
    users integer NOT NULL,
    events_target integer NOT NULL,
    events_done integer NOT NULL DEFAULT 0,
    anchor timestamptz NOT NULL,
    seconds double precision NOT NULL DEFAULT 0,
    complete boolean NOT NULL DEFAULT false
)
"""


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _server_url() -> str:
    """A URL of the server with the bench database name in it (embedded cluster unless DATABASE_URL)."""
    given = os.environ.get("BENCH_SERVER_URL") or os.environ.get("DATABASE_URL")
    if given:
        return _with_db(given, DB_NAME)
    from tugi.core.embedded_db import server

    info = server().get_postmaster_info()  # the handle keeps the cluster up while the bench runs
    if info.socket_dir:
        return f"postgres://postgres@{quote(str(info.socket_dir), safe='')}/{DB_NAME}"
    return f"postgres://postgres@{info.hostname}:{info.port}/{DB_NAME}"


def conninfo(url: str) -> dict[str, Any]:
    """psycopg keyword arguments for a postgres:// URL (also with a socket directory as host)."""
    import dj_database_url

    cfg: dict[str, Any] = dict(dj_database_url.parse(url))
    kwargs: dict[str, Any] = {"dbname": cfg["NAME"], "user": cfg.get("USER") or None}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("PASSWORD", "password")):
        if cfg.get(key):
            kwargs[name] = str(cfg[key])
    return {k: v for k, v in kwargs.items() if v is not None}


def _maintenance(url: str) -> psycopg.Connection[Any]:
    kwargs = conninfo(url) | {"dbname": "postgres"}
    return psycopg.connect(**kwargs, autocommit=True)


def ensure_database(url: str) -> None:
    with _maintenance(url) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def drop_database(url: str) -> None:
    """Only ever ``tugi_bench``: the audit trail refuses DELETE and TRUNCATE, so shrinking means rebuilding."""
    with _maintenance(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def present_blocks(url: str) -> tuple[int, int]:
    """(blocks started, blocks complete) recorded in bench_meta; (0, 0) on a fresh database."""
    with psycopg.connect(**conninfo(url), autocommit=True) as conn:
        if not conn.execute("SELECT to_regclass('bench_meta')").fetchone()[0]:  # type: ignore[index]
            return 0, 0
        row = conn.execute("SELECT count(*), count(*) FILTER (WHERE complete) FROM bench_meta").fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)


def configure(scale: int) -> str:
    """Point Django at ``tugi_bench`` (rebuilding it if it holds more than ``scale``); return its URL."""
    url = _server_url()
    ensure_database(url)
    started, _ = present_blocks(url)
    if started > scale:
        print(f"{DB_NAME} holds scale {started}; rebuilding it for scale {scale} (the audit trail cannot shrink)")
        drop_database(url)
        ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tugi.config.settings")
    # Production-like request handling: no debug query log, no debug pages.
    os.environ.setdefault("TUGI_DEBUG", "0")
    return url


def setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    from django.db import connection

    from bench.load_cases import META_DDL as CASES_META_DDL

    with connection.cursor() as cursor:
        cursor.execute(META_DDL)
        cursor.execute(CASES_META_DDL)
