from django.db import migrations

from aid_tracking.reference.regions import load_regions


def forwards(apps, schema_editor):
    load_regions(apps.get_model("aid_tracking", "Region"))


class Migration(migrations.Migration):
    dependencies = [("aid_tracking", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
