from django.db import migrations

TYPES = [
    # code, prefix, et, en, ru, service, confidentiality, trafficking
    ("trafficking", "IK", "Inimkaubanduse ohvri juhtum", "Trafficking victim case", "Дело жертвы торговли людьми",
     "trafficking", "high", True),
    ("victim_support", "OA", "Ohvriabi juhtum", "Victim support case", "Дело помощи жертве",
     "victim_support", "normal", False),
]


def add_types(apps, schema_editor):
    CaseType = apps.get_model("cases", "CaseType")
    for code, prefix, et, en, ru, service, confidentiality, trafficking in TYPES:
        CaseType.objects.update_or_create(
            code=code,
            defaults=dict(prefix=prefix, name_et=et, name_en=en, name_ru=ru, service=service,
                          default_confidentiality=confidentiality, trafficking=trafficking),
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]
    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
