from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tugi.core"
    label = "core"

    def ready(self) -> None:
        from tugi.core import checks  # noqa: F401  (registers the deploy checks)
