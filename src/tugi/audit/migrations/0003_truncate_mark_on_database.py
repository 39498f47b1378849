"""TRUNCATE of the audit trail is allowed only where the database itself carries the test mark."""

from django.db import migrations

from tugi.audit.chain import TRUNCATE_GUARD_SQL


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_chain")]

    operations = [migrations.RunSQL(TRUNCATE_GUARD_SQL, migrations.RunSQL.noop)]
