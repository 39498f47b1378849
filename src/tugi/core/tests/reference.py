"""Reference data the migrations seed (case types, ILO indicators, yearly caps), seeded again.

Tests on ``transactional_db`` (the browser journeys, concurrency tests) run after Django's flush of
earlier ones has emptied every table, the migrations' seed rows included. The seeds are idempotent,
so running them again gives the same rows a fresh installation has.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.db.migrations import RunPython

SEED_MIGRATIONS = [
    "tugi.cases.migrations.0003_case_types",
    "tugi.assessments.migrations.0002_ilo_indicators",
    "tugi.psychhelp.migrations.0002_seed_yearly_caps",
]


def seed_reference_data() -> None:
    for name in SEED_MIGRATIONS:
        migration = import_module(name).Migration
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)
