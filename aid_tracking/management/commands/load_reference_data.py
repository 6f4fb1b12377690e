from django.core.management.base import BaseCommand
from django.db import transaction

from aid_tracking.reference.codelists import load_reference_data


class Command(BaseCommand):
    help = (
        "Load or refresh the IATI codelists, DAC sectors, currencies, SDG goals, CREDD axes and "
        "Mali's regions from the files kept in aid_tracking/reference/. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            counts = load_reference_data()
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count}")
