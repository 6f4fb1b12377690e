"""The offline workbook: download an assessment, fill it without a connection, upload it back.

The first column holds the indicator's id and is hidden and locked; a hidden cell A1 on the
"Meta" sheet holds the assessment's id, so that a workbook cannot be loaded into another one.
Reading is all-or-nothing: any faulty cell refuses the whole file and nothing is written.
"""

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from code_of_conduct.models import Assessment, Indicator
from code_of_conduct.selectors import assessment_sheet
from seg_portal.files import check_xlsx, neutralise_cell

SHEET = "Assessment"
META_SHEET = "Meta"
YES, NO = "1", "0"
HEADER_ROW = 1


def _headers() -> list[str]:
    return [
        "id",
        _("Code"),
        _("Indicator"),
        _("Kind"),
        _("Answer (0-4, or 1 = yes / 0 = no)"),
        _("Comment"),
        _("Level descriptions"),
    ]


def export_assessment(assessment: Assessment) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([neutralise_cell(h) for h in _headers()])
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for block in assessment_sheet(assessment):
        for row in block.rows:
            indicator = row.indicator
            if not indicator.is_self_assessed:
                continue
            answer = row.answer
            sheet.append(
                [
                    indicator.pk,
                    neutralise_cell(indicator.code),
                    neutralise_cell(indicator.text),
                    neutralise_cell(str(indicator.get_kind_display())),
                    answer.value if answer and answer.value is not None else None,
                    neutralise_cell(answer.comment if answer else ""),
                    neutralise_cell(" / ".join(indicator.levels)),
                ]
            )
    validation = DataValidation(type="whole", operator="between", formula1="0", formula2="4")
    validation.add(f"E2:E{max(2, sheet.max_row)}")
    sheet.add_data_validation(validation)
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["F"].width = 50
    # Only the answer and comment columns are editable; the rest (ids, texts) are locked.
    for row in sheet.iter_rows(min_row=2):
        row[4].protection = Protection(locked=False)
        row[5].protection = Protection(locked=False)
    sheet.protection.sheet = True
    meta = workbook.create_sheet(META_SHEET)
    meta["A1"] = assessment.pk
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class PreviewRow:
    row: int
    indicator: Indicator | None
    value: int | None
    comment: str
    errors: list[str] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[PreviewRow]
    errors: list[str]

    @property
    def is_valid(self) -> bool:
        return not self.errors and all(not row.errors for row in self.rows)

    def as_data(self) -> list[tuple[int, int | None, str]]:
        return [(row.indicator.pk, row.value, row.comment) for row in self.rows if row.indicator]


def read_assessment(*, assessment: Assessment, upload: UploadedFile) -> Preview:
    """Parse and check a filled workbook; raise ValidationError when the file itself is refused."""
    check_xlsx(upload)
    upload.seek(0)
    try:
        workbook = load_workbook(io.BytesIO(upload.read()), data_only=False, read_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise ValidationError(_("The workbook could not be read."), code="unreadable") from error
    if SHEET not in workbook.sheetnames or META_SHEET not in workbook.sheetnames:
        raise ValidationError(
            _("The workbook has no “%(sheet)s” sheet: use the file downloaded from this page.")
            % {"sheet": SHEET},
            code="wrong_sheet",
        )
    meta_value = next(workbook[META_SHEET].iter_rows(max_row=1, values_only=True), (None,))[0]
    if meta_value != assessment.pk:
        raise ValidationError(
            _("This workbook belongs to another assessment."), code="wrong_assessment"
        )
    indicators = {
        indicator.pk: indicator
        for indicator in Indicator.objects.filter(
            commitment__principle__framework_id=assessment.campaign.framework_id
        ).exclude(kind=Indicator.Kind.COMPUTED)
    }
    rows: list[PreviewRow] = []
    formula_cells: list[str] = []
    for cells in workbook[SHEET].iter_rows(min_row=2):
        cells = list(cells)
        for cell in cells:
            if cell.data_type == "f" or (
                isinstance(cell.value, str) and cell.value.startswith("=")
            ):
                formula_cells.append(cell.coordinate)
        values = [cell.value for cell in cells] + [None] * 7
        if all(value in (None, "") for value in values[:7]):
            continue
        rows.append(_read_row(cells[0].row, values, indicators))
    workbook.close()
    errors = []
    if formula_cells:
        errors.append(
            _("Formulas are not accepted; cells %(cells)s contain one.")
            % {"cells": ", ".join(formula_cells[:10])}
        )
    seen = [row.indicator.pk for row in rows if row.indicator]
    if len(seen) != len(set(seen)):
        errors.append(_("An indicator appears twice in the workbook."))
    return Preview(rows=rows, errors=errors)


def _read_row(number: int, values: list, indicators: dict[int, Indicator]) -> PreviewRow:
    raw_id, raw_value, raw_comment = values[0], values[4], values[5]
    comment = "" if raw_comment is None else str(raw_comment).strip()
    row = PreviewRow(row=number, indicator=None, value=None, comment=comment)
    indicator = indicators.get(raw_id) if isinstance(raw_id, int) else None
    if indicator is None:
        row.errors.append(_("Cell A%(row)s: unknown indicator.") % {"row": number})
        return row
    row.indicator = indicator
    if raw_value in (None, ""):
        return row
    value = _whole_number(raw_value)
    if value is None:
        row.errors.append(
            _("Cell E%(row)s: “%(value)s” is not a whole number.")
            % {"row": number, "value": raw_value}
        )
        return row
    if indicator.kind == Indicator.Kind.YES_NO and value not in (0, 1):
        row.errors.append(_("Cell E%(row)s: answer 1 (yes) or 0 (no).") % {"row": number})
    elif not 0 <= value <= 4:
        row.errors.append(_("Cell E%(row)s: choose a level from 0 to 4.") % {"row": number})
    else:
        row.value = value
    return row


def _whole_number(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None
