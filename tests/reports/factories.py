import hashlib
import io

import factory
from django.core.files.storage import default_storage
from django.utils import timezone

from seg_portal.accounts.roles import Visibility
from seg_portal.reports.models import Report
from seg_portal.reports.services import file_name_for

PDF_BYTES = b"%PDF-1.7\n% a stand-in for a rendered report\n%%EOF\n"


class ReportFactory(factory.django.DjangoModelFactory):
    """A report already rendered (a small stand-in file); the rendering tests render real ones."""

    class Meta:
        model = Report

    kind = "test_directory"
    period = factory.Sequence(lambda n: f"{2000 + n // 12}-{n % 12 + 1:02d}")
    subject = ""
    language = "fr"
    audience = Visibility.PARTNERS
    status = Report.Status.READY
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
    size = len(PDF_BYTES)
    page_count = 2

    @factory.post_generation
    def with_file(report, create, extracted, **kwargs):
        if report.status in Report.WITH_FILE:
            name = file_name_for(report)
            default_storage.save(name, io.BytesIO(PDF_BYTES))
            report.file.name = name
            report.finished_at = timezone.now()
            if report.status == Report.Status.PUBLISHED and report.published_at is None:
                report.published_at = timezone.now()
            if create:
                report.save()
