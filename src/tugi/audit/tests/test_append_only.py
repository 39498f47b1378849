"""The audit trail is append-only and hash-chained in the database itself (ENGINEERING rule 2).

Each refusal is tried with raw SQL inside a savepoint, so the test transaction survives it. To prove
that ``audit_verify`` notices tampering, the tests do what only a database superuser could: switch
the append-only trigger off inside the test transaction, change or remove rows, and switch it on.
"""

from __future__ import annotations

from io import StringIO
from itertools import pairwise
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tugi.audit.chain import GENESIS, hash_sql
from tugi.audit.context import RequestContext, _current
from tugi.audit.models import AuditChainHead, AuditEvent, EventKind
from tugi.audit.services import record

pytestmark = pytest.mark.django_db


def _sql(statement: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _refused(statement: str, params: list[Any] | None = None, *, before: str = "") -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        if before:
            _sql(before)
        _sql(statement, params)


@pytest.fixture
def events() -> list[AuditEvent]:
    """Five events of different shapes (unicode, nested data, an address), in chain order."""
    token = _current.set(RequestContext(ip="192.0.2.7"))
    try:
        made = [
            record("accounts.user.created", actor=None, object_type="accounts.user", object_id="1"),
            record("accounts.user.viewed", actor=None, kind=EventKind.READ, subject=("accounts.user", "1")),
            record(
                "access.emergency.opened",
                actor=None,
                flagged=True,
                reason="Klient helistas kriisis — õnnetus, срочно",
                data={"z": 1, "a": {"nested": [1, 2, "ü"]}},
            ),
            record("audit.trail.viewed", actor=None, kind=EventKind.READ, data={"filters": {}}),
            record("audit.trail.exported", actor=None, kind=EventKind.EXPORT),
        ]
    finally:
        _current.reset(token)
    return made


def _chain() -> list[tuple[int, str, str]]:
    return _sql("SELECT seq, prev_hash, hash FROM audit_auditevent ORDER BY seq")


def _seq_of(event: AuditEvent) -> int:
    return _sql("SELECT seq FROM audit_auditevent WHERE id = %s", [event.pk])[0][0]


def _tamper(statement: str, params: list[Any] | None = None, *more: str) -> None:
    """As the database superuser: switch the append-only trigger off, change rows, switch it on."""
    # Django's foreign keys are deferred; ALTER TABLE refuses to run while their checks are pending.
    _sql("SET CONSTRAINTS ALL IMMEDIATE")
    _sql("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
    _sql(statement, params)
    for extra in more:
        _sql(extra, params)
    _sql("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
    _sql("SET CONSTRAINTS ALL DEFERRED")


def _verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out, stderr=out)
    return out.getvalue()


def _verify_fails() -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="Audit chain broken"):
        call_command("audit_verify", stdout=StringIO(), stderr=err)
    return err.getvalue()


# --- the database refuses changes ---------------------------------------------------------------


def test_update_is_refused(events: list[AuditEvent]) -> None:
    _refused("UPDATE audit_auditevent SET reason = 'nothing happened' WHERE id = %s", [events[2].pk])
    _refused("UPDATE audit_auditevent SET flagged = false")
    assert AuditEvent.objects.get(pk=events[2].pk).reason.startswith("Klient helistas")
    assert AuditEvent.objects.filter(flagged=True).count() == 1


def test_orm_update_and_delete_are_refused(events: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).update(action="accounts.user.deleted")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).delete()
    assert AuditEvent.objects.get(pk=events[0].pk).action == "accounts.user.created"


def test_delete_is_refused(events: list[AuditEvent]) -> None:
    count = AuditEvent.objects.count()
    _refused("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    _refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == count


def _without_the_test_mark() -> str:
    """SQL that makes this database look like production for the rest of the savepoint.

    The test database carries ``tugi.audit_truncate_allowed=on`` on the database itself (conftest, so
    the browser tests' flush may empty it); the guard reads only that database-level mark. Removing it
    inside the savepoint is undone with it. Pending foreign-key checks of this transaction's inserts
    would block TRUNCATE before the trigger runs, so they are fired first.
    """
    name = connection.settings_dict["NAME"]
    return f'SET CONSTRAINTS ALL IMMEDIATE; ALTER DATABASE "{name}" RESET tugi.audit_truncate_allowed'


def test_truncate_is_refused(events: list[AuditEvent]) -> None:
    count = AuditEvent.objects.count()
    production = _without_the_test_mark()
    _refused("TRUNCATE audit_auditevent", before=production)
    _refused("TRUNCATE audit_auditevent CASCADE", before=production)
    _refused("TRUNCATE audit_auditchainhead", before=production)
    # A session cannot allow itself what the database does not: SET is not the mark.
    _refused("TRUNCATE audit_auditevent", before=production + "; SET LOCAL tugi.audit_truncate_allowed = on")
    assert AuditEvent.objects.count() == count


def test_truncate_needs_the_mark_of_the_test_database(events: list[AuditEvent]) -> None:
    """The other side of the guard: with the database's mark (this test database), TRUNCATE works.
    Proves the refusal above comes from the guard, not from something else in the savepoint."""
    with transaction.atomic():
        _sql("SET CONSTRAINTS ALL IMMEDIATE")
        _sql("TRUNCATE audit_auditevent")
        assert not AuditEvent.objects.exists()
        transaction.set_rollback(True)
    assert AuditEvent.objects.count() >= len(events)


def test_chain_head_cannot_be_deleted(events: list[AuditEvent]) -> None:
    _refused("DELETE FROM audit_auditchainhead")
    assert AuditChainHead.objects.filter(pk=1).exists()


# --- the chain -------------------------------------------------------------------------------------


def test_rows_are_numbered_and_linked(events: list[AuditEvent]) -> None:
    chain = _chain()
    assert [seq for seq, _prev, _hash in chain] == list(range(1, len(chain) + 1))
    assert chain[0][1] == GENESIS
    for (_s, _p, previous_hash), (_seq, prev_hash, _h) in pairwise(chain):
        assert prev_hash == previous_hash
    assert len({h for _s, _p, h in chain}) == len(chain)  # every hash distinct
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (chain[-1][0], chain[-1][2])
    # Our five events are the last five, in the order written.
    assert [_seq_of(e) for e in events] == [seq for seq, _p, _h in chain[-5:]]


def test_the_database_computes_seq_and_hash_whatever_the_insert_says(events: list[AuditEvent]) -> None:
    forged = AuditEvent(
        at=events[0].at, kind=EventKind.CHANGE, action="accounts.user.created", seq=1, hash="f" * 64, prev_hash="0" * 64
    )
    forged.save(force_insert=True)
    seq, prev_hash, hash_ = _sql("SELECT seq, prev_hash, hash FROM audit_auditevent WHERE id = %s", [forged.pk])[0]
    assert seq == len(_chain())
    assert prev_hash == _chain()[-2][2]
    assert hash_ != "f" * 64
    assert "intact" in _verify()


def test_verify_passes_on_an_intact_chain(events: list[AuditEvent]) -> None:
    output = _verify()
    assert "Audit chain intact" in output
    assert f"{len(_chain())} events verified" in output


def test_verify_passes_on_an_empty_trail(db: Any) -> None:
    assert not AuditEvent.objects.exists()
    assert "Audit chain intact: 0 events" in _verify()


def test_verify_fails_when_a_row_is_changed(events: list[AuditEvent]) -> None:
    seq = _seq_of(events[2])
    _tamper("UPDATE audit_auditevent SET reason = 'routine check' WHERE id = %s", [events[2].pk])
    assert f"seq {seq} (id {events[2].pk}): row content changed" in _verify_fails()


@pytest.mark.parametrize(
    "change",
    [
        "flagged = false",
        "actor_label = 'someone else'",
        "at = at + interval '1 second'",
        'data = \'{"z": 2, "a": {"nested": [1, 2, "ü"]}}\'',
        "ip = '192.0.2.8'",
        "subject_id = '2'",
    ],
)
def test_verify_notices_a_change_of_any_field(events: list[AuditEvent], change: str) -> None:
    _tamper(f"UPDATE audit_auditevent SET {change} WHERE id = %s", [events[2].pk])  # noqa: S608 (fixed strings)
    assert "row content changed" in _verify_fails()


def test_verify_fails_when_a_changed_row_is_rehashed(events: list[AuditEvent]) -> None:
    """Recomputing the changed row's own hash is not enough: the next row's link breaks."""
    _tamper(
        "UPDATE audit_auditevent SET reason = 'routine check' WHERE id = %s",
        [events[2].pk],
        f"UPDATE audit_auditevent e SET hash = {hash_sql('e')} WHERE id = %s",  # noqa: S608 (fixed SQL)
    )
    problems = _verify_fails()
    assert "row content changed" not in problems
    assert f"seq {_seq_of(events[3])} (id {events[3].pk}): link to previous row broken" in problems


def test_verify_fails_when_a_row_is_removed(events: list[AuditEvent]) -> None:
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    assert f"(id {events[2].pk}): sequence gap before this row (rows removed)" in _verify_fails()


def test_verify_fails_when_the_first_row_is_removed(events: list[AuditEvent]) -> None:
    first_seq, first_id = _sql("SELECT seq, id FROM audit_auditevent ORDER BY seq LIMIT 1")[0]
    assert first_seq == 1
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [first_id])
    assert "sequence gap before this row" in _verify_fails()


def test_verify_fails_when_the_last_row_is_removed(events: list[AuditEvent]) -> None:
    """Nothing after it can show the gap: the chain head row does."""
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    problems = _verify_fails()
    assert "rows removed from the end of the chain (head does not match last row)" in problems
    assert "sequence gap" not in problems


def test_verify_limits_the_report(events: list[AuditEvent]) -> None:
    _tamper("UPDATE audit_auditevent SET reason = 'rewritten'")
    err = StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("audit_verify", "--limit", "2", stdout=StringIO(), stderr=err)
    assert err.getvalue().count("row content changed") == 2


def test_appending_continues_the_chain_after_verification(events: list[AuditEvent]) -> None:
    _verify()
    record("accounts.user.viewed", actor=None, kind=EventKind.READ)
    chain = _chain()
    assert chain[-1][1] == chain[-2][2]
    assert "intact" in _verify()


def _rehash_everything() -> None:
    """What a superuser could do: change a row, then recompute every hash and link and the head."""
    rows = _sql("SELECT id FROM audit_auditevent ORDER BY seq")
    _sql("SET CONSTRAINTS ALL IMMEDIATE")
    _sql("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
    previous = "0" * 64
    for (pk,) in rows:
        _sql("UPDATE audit_auditevent SET prev_hash = %s WHERE id = %s", [previous, pk])
        _sql(f"UPDATE audit_auditevent e SET hash = {hash_sql('e')} WHERE id = %s", [pk])  # noqa: S608 (fixed SQL)
        previous = _sql("SELECT hash FROM audit_auditevent WHERE id = %s", [pk])[0][0]
    _sql("UPDATE audit_auditchainhead SET hash = %s", [previous])
    _sql("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
    _sql("SET CONSTRAINTS ALL DEFERRED")


def test_an_anchor_kept_outside_exposes_a_rewritten_chain(events: list[AuditEvent]) -> None:
    output = _verify()
    anchor = output.split("Anchor to keep outside the database: ")[1].strip()
    seq = _seq_of(events[-1])
    assert anchor.startswith(f"{seq}:")

    _tamper("UPDATE audit_auditevent SET reason = 'nothing to see' WHERE id = %s", [events[1].pk])
    _rehash_everything()
    assert "Audit chain intact" in _verify()  # the rewrite verifies on its own…
    err = StringIO()
    with pytest.raises(CommandError, match="Audit chain broken"):
        call_command("audit_verify", anchor=[anchor], stdout=StringIO(), stderr=err)
    assert "chain rewritten" in err.getvalue()  # …but not against the anchor


def test_a_malformed_anchor_is_refused(events: list[AuditEvent]) -> None:
    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("audit_verify", anchor=["12:short"], stdout=StringIO(), stderr=StringIO())
