from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "tugi.access"
    label = "access"

    def ready(self) -> None:
        # Importing a policy module registers its policies (emergency access and grants look them up).
        from tugi.access import (  # noqa: F401
            policies,
            policies_assessments,
            policies_cases,
            policies_psychhelp,
            policies_shelters,
        )
