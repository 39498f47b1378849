from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tugi.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exits non-zero and lists the rows that were changed or removed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=100, help="report at most this many problems")

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify_chain(limit=options["limit"])
        if verdict.ok:
            self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {verdict.rows} events verified."))
            return
        for seq, pk, problem in verdict.problems:
            self.stderr.write(f"seq {seq} (id {pk}): {problem}")
        raise CommandError(f"Audit chain broken: {len(verdict.problems)} problem(s) found.")
