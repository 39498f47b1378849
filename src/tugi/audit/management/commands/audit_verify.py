from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tugi.audit.verify import check_anchors, current_anchor, verify_chain


def _anchor(value: str) -> tuple[int, str]:
    seq, _, digest = value.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise ValueError(f"an anchor is SEQ:HASH (64 hex characters), not {value!r}")
    return int(seq), digest


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain; exits non-zero and lists the rows that were changed or removed. "
        "Prints the current anchor (SEQ:HASH) to keep outside the database; --anchor checks earlier ones."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=100, help="report at most this many problems")
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="an anchor printed by an earlier run; the row must still carry that hash (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            anchors = [_anchor(value) for value in options["anchor"]]
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        verdict = verify_chain(limit=options["limit"])
        problems = verdict.problems + check_anchors(anchors)
        if not problems:
            self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {verdict.rows} events verified."))
            anchor = current_anchor()
            if anchor:
                self.stdout.write(f"Anchor to keep outside the database: {anchor[0]}:{anchor[1]}")
            return
        for seq, pk, problem in problems:
            self.stderr.write(f"seq {seq} (id {pk}): {problem}")
        raise CommandError(f"Audit chain broken: {len(problems)} problem(s) found.")
