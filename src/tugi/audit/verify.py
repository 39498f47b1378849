"""Recompute the hash chain in the database and report every row that does not fit."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from tugi.audit.chain import GENESIS, HEAD_SQL, TAIL_SQL, VERIFY_SQL


@dataclass
class Verdict:
    rows: int = 0
    problems: list[tuple[int | None, int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(limit: int = 100) -> Verdict:
    verdict = Verdict()
    with connection.cursor() as cursor:
        cursor.execute(VERIFY_SQL, [limit])
        verdict.problems = [(seq, pk, problem) for seq, pk, problem in cursor.fetchall()]
        cursor.execute(TAIL_SQL)
        tail = cursor.fetchone()
        cursor.execute(HEAD_SQL)
        head = cursor.fetchone()
    tail_seq, tail_hash = tail if tail else (0, GENESIS)
    verdict.rows = int(tail_seq or 0)
    if head is None and tail is not None:
        verdict.problems.append((None, 0, "chain head missing"))
    elif head is not None and (head[0], head[1]) != (tail_seq, tail_hash):
        verdict.problems.append((head[0], 0, "rows removed from the end of the chain (head does not match last row)"))
    return verdict


def check_anchors(anchors: list[tuple[int, str]]) -> list[tuple[int | None, int, str]]:
    """Anchors are (seq, hash) pairs kept outside the database (printed, mailed, in another system).

    A database superuser could switch the triggers off and re-hash the whole chain so that it
    verifies again; a row whose hash no longer matches an anchor taken earlier exposes that.
    """
    problems: list[tuple[int | None, int, str]] = []
    with connection.cursor() as cursor:
        for seq, expected in anchors:
            cursor.execute("SELECT id, hash FROM audit_auditevent WHERE seq = %s", [seq])
            row = cursor.fetchone()
            if row is None:
                problems.append((seq, 0, "anchored row is missing"))
            elif row[1] != expected:
                problems.append(
                    (seq, row[0], "hash differs from the anchor kept outside the database (chain rewritten)")
                )
    return problems


def current_anchor() -> tuple[int, str] | None:
    with connection.cursor() as cursor:
        cursor.execute(TAIL_SQL)
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else None
