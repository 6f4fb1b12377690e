"""The offline workbook: round trip, per-cell errors and hostile files (nothing written)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from code_of_conduct import xlsx
from code_of_conduct.models import Answer, Assessment
from tests.code_of_conduct.factories import answer, indicator


def download(client, assessment) -> Workbook:
    response = client.get(reverse("code_of_conduct:workbook_download", args=[assessment.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def as_upload(workbook: Workbook, name: str = "filled.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, assessment, file):
    return client.post(
        reverse("code_of_conduct:workbook_upload", args=[assessment.pk]), {"workbook": file}
    )


def rows_by_code(sheet) -> dict[str, int]:
    return {sheet.cell(row=r, column=2).value: r for r in range(2, sheet.max_row + 1)}


def test_round_trip_preview_then_confirm(client_for, ptf, assessment, framework):
    answer(assessment, indicator(framework, "1.1.1"), value=1).save()
    client = client_for(ptf)
    workbook = download(client, assessment)
    sheet = workbook["Assessment"]
    assert sheet.column_dimensions["A"].hidden
    assert sheet.protection.sheet
    assert workbook["Meta"].sheet_state == "hidden"
    rows = rows_by_code(sheet)
    assert set(rows) == {"1.1.1", "1.1.2"}  # computed indicators are not in the workbook
    assert sheet.cell(row=rows["1.1.1"], column=5).value == 1
    sheet.cell(row=rows["1.1.1"], column=5).value = 3
    sheet.cell(row=rows["1.1.1"], column=6).value = "Rempli hors ligne"
    sheet.cell(row=rows["1.1.2"], column=5).value = 1

    response = upload(client, assessment, as_upload(workbook))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.is_valid
    assert [(row.indicator.code, row.value) for row in preview.rows] == [("1.1.1", 3), ("1.1.2", 1)]
    assert Answer.objects.get(assessment=assessment, indicator__code="1.1.1").value == 1

    response = client.post(reverse("code_of_conduct:workbook_confirm", args=[assessment.pk]))
    assert response.status_code == 302
    saved = dict(
        Answer.objects.filter(assessment=assessment).values_list("indicator__code", "value")
    )
    assert saved == {"1.1.1": 3, "1.1.2": 1}
    assert Answer.objects.get(indicator__code="1.1.1").comment == "Rempli hors ligne"
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_exported_text_cells_are_neutralised(client_for, ptf, assessment, framework):
    item = indicator(framework, "1.1.1")
    item.text_fr = '=HYPERLINK("http://evil")'
    item.save()
    sheet = download(client_for(ptf), assessment)["Assessment"]
    texts = [sheet.cell(row=r, column=3).value for r in range(2, sheet.max_row + 1)]
    assert '\'=HYPERLINK("http://evil")' in texts
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_per_cell_errors_are_shown_and_nothing_is_written(client_for, ptf, assessment, framework):
    client = client_for(ptf)
    workbook = download(client, assessment)
    sheet = workbook["Assessment"]
    rows = rows_by_code(sheet)
    sheet.cell(row=rows["1.1.1"], column=5).value = 7
    sheet.cell(row=rows["1.1.2"], column=5).value = 3
    sheet.append([999999, "9.9.9", "Inconnu", "", 1, "", ""])
    response = upload(client, assessment, as_upload(workbook))
    assert response.status_code == 400
    content = response.content.decode()
    assert f"Cellule E{rows['1.1.1']} : choisissez un niveau de 0 à 4." in content
    assert f"Cellule E{rows['1.1.2']} : répondez 1 (oui) ou 0 (non)." in content
    assert f"Cellule A{sheet.max_row} : indicateur inconnu." in content
    assert "Rien n'a été enregistré" in content
    assert (
        client.post(reverse("code_of_conduct:workbook_confirm", args=[assessment.pk])).status_code
        == 302
    )
    assert not Answer.objects.exists()


def test_formula_cells_are_refused(client_for, ptf, assessment):
    client = client_for(ptf)
    workbook = download(client, assessment)
    workbook["Assessment"]["E2"] = "=1+2"
    response = upload(client, assessment, as_upload(workbook))
    assert response.status_code == 400
    assert "Les formules ne sont pas acceptées ; les cellules E2 en contiennent une." in (
        response.content.decode()
    )
    assert not Answer.objects.exists()


def test_a_workbook_without_the_assessment_sheet_is_refused(client_for, ptf, assessment):
    workbook = Workbook()
    workbook.active.title = "Feuil1"
    workbook.active.append([1, "1.1.1", "x", "", 3])
    response = upload(client_for(ptf), assessment, as_upload(workbook))
    assert response.status_code == 400
    assert response.context["form"].errors["workbook"] == [
        "Le classeur n'a pas de feuille « Assessment » : utilisez le fichier téléchargé depuis "
        "cette page."
    ]
    assert not Answer.objects.exists()


def test_the_workbook_of_another_assessment_is_refused(
    client_for, ptf, assessment, beta_assessment
):
    other = load_workbook(io.BytesIO(xlsx.export_assessment(beta_assessment)))
    other["Assessment"]["E2"] = 2
    response = upload(client_for(ptf), assessment, as_upload(other))
    assert response.status_code == 400
    assert "Ce classeur appartient à une autre autoévaluation." in response.content.decode()
    assert not Answer.objects.exists()


def test_a_zip_bomb_is_refused(client_for, ptf, assessment):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    response = upload(
        client_for(ptf), assessment, SimpleUploadedFile("bomb.xlsx", buffer.getvalue())
    )
    assert response.status_code == 400
    assert "a été refusé" in response.content.decode()
    assert not Answer.objects.exists()


def test_an_oversized_workbook_is_refused(client_for, ptf, assessment, settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"x" * (1024 * 1024 + 1))
    response = upload(client_for(ptf), assessment, big)
    assert response.status_code == 400
    assert response.context["form"].errors["workbook"]
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("answers.xlsx", b"%PDF-1.4 not a workbook"), ("answers.csv", b"1,2,3")],
    ids=["pdf_renamed", "csv"],
)
def test_files_that_are_not_workbooks_are_refused(client_for, ptf, assessment, name, content):
    response = upload(client_for(ptf), assessment, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert response.context["form"].errors["workbook"]


def test_a_submitted_assessment_cannot_be_loaded_from_a_workbook(client_for, ptf, assessment):
    workbook = download(client_for(ptf), assessment)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    response = upload(client_for(ptf), assessment, as_upload(workbook))
    assert response.status_code == 403


def test_confirm_without_a_preview_writes_nothing(client_for, ptf, assessment):
    response = client_for(ptf).post(
        reverse("code_of_conduct:workbook_confirm", args=[assessment.pk])
    )
    assert response.url == reverse("code_of_conduct:workbook_upload", args=[assessment.pk])
    assert not Answer.objects.exists()
