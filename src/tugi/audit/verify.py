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
