from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "tugi.access"
    label = "access"

    def ready(self) -> None:
        # Importing a policy module registers its policies (emergency access and grants look them up).
        from tugi.access import policies, policies_cases  # noqa: F401
        from tugi.access import policies_assessments  # noqa: F401
        from tugi.access import policies_psychhelp  # noqa: F401
        from tugi.access import policies_shelters  # noqa: F401
