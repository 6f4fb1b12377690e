"""Writing rows as CSV or XLSX: every text cell neutralised (``seg_portal.files.neutralise_cell``),
numbers and dates kept typed. Also the import templates (headers and an example row)."""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook

from seg_portal.files import neutralise_cell

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_cell(value):
    value = neutralise_cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise_cell(column) for column in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # a BOM so that Excel reads UTF-8


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence], *, title: str = "data") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([neutralise_cell(column) for column in header])
    for row in rows:
        sheet.append([neutralise_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
