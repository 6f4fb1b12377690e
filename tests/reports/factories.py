import hashlib
import io

import factory
from django.core.files.storage import default_storage
from django.utils import timezone

from seg_portal.accounts.roles import Visibility
from seg_portal.reports.models import Report
from seg_portal.reports.services import file_name_for

PDF_BYTES = b"%PDF-1.7\n% a stand-in for a rendered report\n%%EOF\n"


def _rendered(report) -> bool:
    return report.status in Report.WITH_FILE


class ReportFactory(factory.django.DjangoModelFactory):
    """A report in any status; rendered ones get a small stand-in file (real ones are rendered
    by the rendering tests)."""

    class Meta:
        model = Report
        skip_postgeneration_save = True

    kind = "test_directory"
    period = factory.Sequence(lambda n: f"{2000 + n // 12}-{n % 12 + 1:02d}")
    subject = ""
    language = "fr"
    audience = Visibility.PARTNERS
    status = Report.Status.READY
    sha256 = factory.LazyAttribute(
        lambda r: hashlib.sha256(PDF_BYTES).hexdigest() if _rendered(r) else ""
    )
    size = factory.LazyAttribute(lambda r: len(PDF_BYTES) if _rendered(r) else None)
    page_count = factory.LazyAttribute(lambda r: 2 if _rendered(r) else None)
    finished_at = factory.LazyAttribute(lambda r: timezone.now() if _rendered(r) else None)
    published_at = factory.LazyAttribute(
        lambda r: timezone.now() if r.status == Report.Status.PUBLISHED else None
    )

    @factory.post_generation
    def with_file(report, create, extracted, **kwargs):
        if create and _rendered(report):
            report.file.name = default_storage.save(file_name_for(report), io.BytesIO(PDF_BYTES))
            report.save(update_fields=["file"])
