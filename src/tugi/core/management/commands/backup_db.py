from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tugi.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the configured database to FILE (pg_dump custom format, readable by the owner only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="where to write the dump, e.g. /var/backups/tugi/tugi.dump")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            size = backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {options['file']} ({size} bytes)."))
