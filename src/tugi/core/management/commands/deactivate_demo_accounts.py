from typing import Any

from django.core.management.base import BaseCommand

from tugi.accounts.models import User
from tugi.accounts.services import user_set_active


class Command(BaseCommand):
    help = "Deactivate every demo account (before going to production)."

    def handle(self, *args: Any, **options: Any) -> None:
        demo = list(User.objects.filter(is_demo=True, is_active=True))
        for user in demo:
            user_set_active(actor=None, user=user, active=False)
        self.stdout.write(f"Deactivated {len(demo)} demo accounts.")
