from django.db import migrations

from aid_tracking.reference.codelists import load_codelists


def forwards(apps, schema_editor):
    load_codelists(
        apps.get_model("aid_tracking", "CodelistItem"),
        apps.get_model("aid_tracking", "SectorCategory"),
        apps.get_model("aid_tracking", "Sector"),
        apps.get_model("aid_tracking", "Currency"),
        apps.get_model("aid_tracking", "CreddAxis"),
    )


class Migration(migrations.Migration):
    dependencies = [("aid_tracking", "0003_activities")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
