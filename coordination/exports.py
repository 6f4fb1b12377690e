"""The decision register as CSV or XLSX; every text cell goes through ``neutralise_cell``."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from seg_portal.files import neutralise_cell


def _headers() -> list[str]:
    return [
        _("Body"),
        _("Meeting date"),
        _("Decision"),
        _("Responsible organisation"),
        _("Due date"),
        _("Status"),
        _("Overdue"),
    ]


def _rows(decisions):
    from django.utils import timezone

    for decision in decisions:
        yield [
            neutralise_cell(decision.meeting.body.name),
            timezone.localtime(decision.meeting.starts_at).date(),
            neutralise_cell(decision.text),
            neutralise_cell(decision.responsible_organization.acronym),
            decision.due_date,
            neutralise_cell(str(decision.get_status_display())),
            _("Yes") if decision.is_overdue else _("No"),
        ]


def register_csv(decisions) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_headers())
    for row in _rows(decisions):
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def register_xlsx(decisions) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Decisions")[:31]
    sheet.append(_headers())
    for row in _rows(decisions):
        sheet.append(row)
    for column in ("B", "E"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
