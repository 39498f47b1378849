"""Install the hash chain and the append-only triggers of the audit trail (see audit/chain.py)."""

from django.db import migrations

from tugi.audit.chain import INSTALL_SQL, UNINSTALL_SQL


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunSQL(INSTALL_SQL, UNINSTALL_SQL)]
