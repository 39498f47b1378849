from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "tugi.access"
    label = "access"

    def ready(self) -> None:
        from tugi.access import policies  # noqa: F401  (registers the built-in policies)
