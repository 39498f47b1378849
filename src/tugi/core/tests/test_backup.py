"""backup_db and restore_db against the real server: committed data survives a round trip, audit chain included."""

from __future__ import annotations

import secrets
import stat
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tugi.accounts.models import UnitKind
from tugi.accounts.services import org_unit_create, user_create
from tugi.audit.chain import HEAD_SQL, TAIL_SQL, VERIFY_SQL
from tugi.audit.models import AuditChainHead
from tugi.core import backup


@pytest.fixture
def restore_target() -> Any:
    name = f"test_tugi_restore_{secrets.token_hex(4)}"
    yield name
    backup.drop_database(name)


@pytest.mark.django_db(transaction=True)
def test_backup_restores_users_and_an_intact_audit_chain(tmp_path: Path, restore_target: str) -> None:
    agency = org_unit_create(actor=None, name="Backup Agency", kind=UnitKind.AGENCY, parent=None)
    user = user_create(actor=None, username="backup_probe", password="a long enough password 42", agency=agency)
    head = AuditChainHead.objects.get()
    dump = tmp_path / "tugi.dump"

    call_command("backup_db", str(dump))
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert not (tmp_path / "tugi.dump.partial").exists()
    call_command("restore_db", str(dump), "--into", restore_target)

    with backup.connect(restore_target) as conn:
        assert conn.execute("SELECT id FROM accounts_user WHERE username = 'backup_probe'").fetchone() == (user.pk,)
        actions = {row[0] for row in conn.execute("SELECT action FROM audit_auditevent").fetchall()}
        assert {"accounts.orgunit.created", "accounts.user.created"} <= actions
        assert conn.execute(VERIFY_SQL, [10]).fetchall() == []
        assert conn.execute(HEAD_SQL).fetchone() == (head.seq, head.hash)
        assert conn.execute(TAIL_SQL).fetchone() == (head.seq, head.hash)
        # The restored copy is as append-only as the original: the triggers came back with it.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM audit_auditevent")

    # A second restore into the now populated database is refused and leaves it as it was.
    with pytest.raises(CommandError, match="already holds tables"):
        call_command("restore_db", str(dump), "--into", restore_target)


@pytest.mark.django_db
def test_restore_refuses_the_live_database_without_force(tmp_path: Path) -> None:
    dump = tmp_path / "tugi.dump"
    dump.write_bytes(b"PGDMP")
    live = settings.DATABASES["default"]["NAME"]
    with pytest.raises(CommandError, match="live database"):
        call_command("restore_db", str(dump), "--into", live)


@pytest.mark.django_db
def test_a_failed_restore_leaves_no_database_behind(tmp_path: Path, restore_target: str) -> None:
    dump = tmp_path / "broken.dump"
    dump.write_bytes(b"PGDMP truncated")
    with pytest.raises(CommandError, match="pg_restore failed"):
        call_command("restore_db", str(dump), "--into", restore_target)
    assert not backup.database_exists(restore_target)


def test_restore_refuses_a_name_that_is_not_a_plain_identifier(tmp_path: Path) -> None:
    dump = tmp_path / "tugi.dump"
    dump.write_bytes(b"PGDMP")
    with pytest.raises(CommandError, match="not a plain database name"):
        call_command("restore_db", str(dump), "--into", "postgresql://elsewhere/db")


def test_client_binary_prefers_the_system_build_of_the_server_major(tmp_path: Path) -> None:
    system = tmp_path / "18" / "bin" / "pg_dump"
    system.parent.mkdir(parents=True)
    system.touch()
    assert backup.client_binary("pg_dump", 18, system_root=tmp_path) == system
    # No system build of that major: the embedded wheel's, which is at least as new as its own server.
    embedded = backup.client_binary("pg_dump", 15, system_root=tmp_path)
    assert embedded.parent == backup.embedded_bin_dir()
    with pytest.raises(backup.BackupError, match="postgresql-client-99"):
        backup.client_binary("pg_dump", 99, system_root=tmp_path)


def test_credentials_reach_the_client_programs_only_through_the_environment() -> None:
    env = backup.client_env({"host": "/run/pg", "user": "tugi", "password": "s3cret", "dbname": "tugi"})
    assert (env["PGHOST"], env["PGUSER"], env["PGPASSWORD"], env["PGDATABASE"]) == ("/run/pg", "tugi", "s3cret", "tugi")
