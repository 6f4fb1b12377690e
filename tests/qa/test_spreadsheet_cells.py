"""Spreadsheet cells: a lazy translation must be written as text, not crash the export."""

import io

from django.utils.translation import gettext_lazy, override
from openpyxl import Workbook, load_workbook

from seg_portal.files import neutralise_cell


def test_lazy_translation_becomes_a_plain_string_in_the_active_language():
    with override("fr"):
        value = neutralise_cell(gettext_lazy("Reports"))
    assert type(value) is str
    assert value == "Rapports"


def test_lazy_translation_can_be_appended_to_a_workbook():
    workbook = Workbook()
    workbook.active.append([neutralise_cell(gettext_lazy("Reports")), 1.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert load_workbook(buffer).active["A1"].value in {"Reports", "Rapports"}


def test_lazy_translation_starting_with_a_formula_sign_is_neutralised():
    assert neutralise_cell(gettext_lazy("=SUM(A1)")) == "'=SUM(A1)"
