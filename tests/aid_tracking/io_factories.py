"""Helpers of the import/export tests: the committed files and small uploads built from bytes."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import pre_save
from django.utils import translation

FILES = Path(__file__).resolve().parent / "files"


def path(name: str) -> Path:
    return FILES / name


def upload(name: str, content: bytes | None = None, content_type="application/xml"):
    """An uploaded file named ``name`` holding ``content`` (or the committed file's bytes)."""
    data = content if content is not None else path(name).read_bytes()
    return SimpleUploadedFile(name, data, content_type=content_type)


def csv_upload(rows: list[list], name: str = "table.csv"):
    """A UTF-8 CSV upload of ``rows`` (the first row is the header)."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def xlsx_upload(rows: list[list], name: str = "table.xlsx"):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def in_english(settings, client):
    """The portal speaks French by default; these tests read its English messages: the people
    they create choose English, and so does the anonymous visitor (language cookie)."""
    from seg_portal.accounts.models import User

    def english(sender, instance, **kwargs):
        if instance._state.adding:
            instance.language = "en"

    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pre_save.connect(english, sender=User, dispatch_uid="io-tests-english")
    with translation.override("en"):
        yield
    pre_save.disconnect(sender=User, dispatch_uid="io-tests-english")
