"""The yearly caps known when the table was made: one minimum monthly wage per year (Government of the
Republic regulation on the minimum wage). 2025 and 2026 are marked for checking; all rows are editable
on the cap table page, and this migration never overwrites an existing year."""

from decimal import Decimal

from django.db import migrations

CAPS = [
    (2023, Decimal("725.00"), "Töötasu alammäär 2023 (Vabariigi Valitsuse määrus)", ""),
    (2024, Decimal("820.00"), "Töötasu alammäär 2024 (Vabariigi Valitsuse määrus)", ""),
    (2025, Decimal("886.00"), "Töötasu alammäär 2025 (Vabariigi Valitsuse määrus)", "verify: kontrollida määrusest"),
    (2026, Decimal("886.00"), "Töötasu alammäär 2026", "verify: kontrollida määrusest, summa võib olla muutunud"),
]


def seed(apps, schema_editor):
    YearlyCap = apps.get_model("psychhelp", "YearlyCap")
    for year, amount, basis, note in CAPS:
        YearlyCap.objects.get_or_create(year=year, defaults={"amount": amount, "basis": basis, "note": note})


class Migration(migrations.Migration):
    dependencies = [("psychhelp", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
