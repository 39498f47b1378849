from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tugi.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_db into database --into (created when missing). "
        "Refuses the live database and a database that already holds tables unless --force."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="a dump written by backup_db or pg_dump -Fc")
        parser.add_argument("--into", required=True, metavar="DBNAME", help="the database to restore into")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore over the live database or over existing tables, replacing them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore(options["file"], into=options["into"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {options['file']} into database {options['into']}."))
