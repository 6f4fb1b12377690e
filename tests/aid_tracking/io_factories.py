"""Helpers of the import/export tests: the committed files and small uploads built from bytes."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

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
