from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tugi.audit"
    label = "audit"

    def ready(self) -> None:
        from tugi.audit import receivers  # noqa: F401  (login, lock-out and MFA events of the libraries)
