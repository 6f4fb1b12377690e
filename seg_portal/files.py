"""Checks every upload goes through before anything reads it, and the spreadsheet-cell guard.

Uploads are validated on their bytes, not on the name or the Content-Type the browser sent.
"""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _

# Beginnings of the formats the portal accepts, by extension.
_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)  # OOXML (docx, xlsx, pptx) and ODF are zip archives
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy Office (doc, xls, ppt)
_PNG = (b"\x89PNG\r\n\x1a\n",)
_JPEG = (b"\xff\xd8\xff",)
_GIF = (b"GIF87a", b"GIF89a")

DOCUMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": _PDF,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
    ".png": _PNG,
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".gif": _GIF,
}

# Limits that stop a small archive from expanding into gigabytes ("zip bomb").
MAX_ARCHIVE_MEMBERS = 2_000
MAX_ARCHIVE_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def check_size(upload: UploadedFile, *, limit: int | None = None) -> None:
    limit = limit or max_upload_bytes()
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )


def _head(upload: UploadedFile, length: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def extension_of(upload: UploadedFile) -> str:
    return PurePath(upload.name or "").suffix.lower()


def check_document(
    upload: UploadedFile, *, allowed: dict[str, tuple[bytes, ...]] | None = None
) -> None:
    """A document (PDF, Office, image) whose bytes match its extension, within the size limit."""
    allowed = allowed or DOCUMENT_SIGNATURES
    check_size(upload)
    extension = extension_of(upload)
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Accepted types: %(accepted)s.")
            % {"extension": extension or "?", "accepted": ", ".join(sorted(allowed))},
            code="bad_extension",
        )
    if not _head(upload).startswith(allowed[extension]):
        raise ValidationError(
            _("The file's content does not match its “%(extension)s” extension.")
            % {"extension": extension},
            code="bad_content",
        )
    if allowed[extension] == _ZIP:
        check_archive(upload)


def check_archive(upload: UploadedFile) -> None:
    """Refuse a zip-based file (XLSX, DOCX…) that is corrupt or would expand beyond the limits."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError(
            _("The file is damaged or is not a valid archive."), code="bad_zip"
        ) from error
    finally:
        upload.seek(0)
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise ValidationError(
            _("The file contains too many parts (%(count)s); it was refused.")
            % {"count": len(members)},
            code="too_many_members",
        )
    uncompressed = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members) or 1
    if (
        uncompressed > MAX_ARCHIVE_UNCOMPRESSED_BYTES
        or uncompressed / compressed > MAX_COMPRESSION_RATIO
    ):
        raise ValidationError(
            _("The file would expand to %(size)s once opened; it was refused.")
            % {"size": filesizeformat(uncompressed)},
            code="too_large_uncompressed",
        )


def check_xlsx(upload: UploadedFile) -> None:
    """An Excel workbook (.xlsx) within the size and expansion limits."""
    check_document(upload, allowed={".xlsx": _ZIP})
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        names = set(archive.namelist())
    upload.seek(0)
    if "xl/workbook.xml" not in names:
        raise ValidationError(_("The file is not an Excel workbook."), code="not_xlsx")


def neutralise_cell(value):
    """Make a text cell inert in a spreadsheet: a leading =, +, -, @, tab or CR starts a formula.

    Numbers, dates and other non-text values are returned unchanged so that they stay numeric.
    A lazy translation is text: it comes back as a plain string, which spreadsheet writers accept.
    """
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
