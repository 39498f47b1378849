from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tugi.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo organisation and demo accounts (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production.")
        result = load_demo()
        self.stdout.write(f"Demo data ready: {result['users_created']} new demo users, {result['units']} units.")
