"""Import and export pages (thin: parse, gate, call one service or selector, render)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from aid_tracking import imports, selectors
from aid_tracking.exports import (
    ACTIVITY_COLUMNS,
    TRANSACTION_COLUMNS,
    activity_rows,
    iati_export_activities,
    transaction_rows,
)
from aid_tracking.forms_io import IatiUploadForm, TableUploadForm
from aid_tracking.iati import write_activities
from aid_tracking.resources import TABLES
from aid_tracking.spreadsheets import CSV_TYPE, XLSX_TYPE, write_csv, write_xlsx
from aid_tracking.tasks_io import run_iati_import


def _gate_import(user) -> None:
    if not imports.can_import_activities(user):
        raise PermissionDenied


def _own_job(request: HttpRequest, token: str) -> dict:
    """The job if it is this user's; 404 otherwise (another person's upload does not exist)."""
    job = imports.get_job(token)
    if job is None or job["user_id"] != request.user.pk:
        raise Http404
    return job


@login_required
def iati_import(request: HttpRequest) -> HttpResponse:
    _gate_import(request.user)
    form = IatiUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = imports.start_iati_job(
            upload=upload,
            user=request.user,
            organization=form.cleaned_data.get("organization"),
        )
        if imports.is_large(upload.size):
            run_iati_import.delay_on_commit(token, True)
        else:
            imports.run_iati_job(token, dry_run=True)
        return redirect("aid_tracking:iati_import_job", token=token)
    return render(request, "aid_tracking/import_iati.html", {"form": form})


@login_required
def iati_import_job(request: HttpRequest, token: str) -> HttpResponse:
    """The progress (polled by htmx while a task runs), then the preview or the result."""
    _gate_import(request.user)
    job = _own_job(request, token)
    report = imports.ImportReport.from_dict(job["report"]) if job["report"] else None
    context = {"job": job, "token": token, "report": report}
    if request.htmx and job["status"] != imports.DONE:
        return render(request, "aid_tracking/import_iati_job.html#progress", context)
    if request.htmx:  # finished: reload the whole page (htmx follows HX-Refresh)
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "aid_tracking/import_iati_job.html", context)


@login_required
@require_POST
def iati_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    _gate_import(request.user)
    job = _own_job(request, token)
    report = job["report"]
    if job["status"] != imports.DONE or not job["dry_run"] or not report or report["error"]:
        return redirect("aid_tracking:iati_import_job", token=token)
    if imports.is_large(job["size"]):
        run_iati_import.delay_on_commit(token, False)
    else:
        imports.run_iati_job(token, dry_run=False)
    return redirect("aid_tracking:iati_import_job", token=token)


def iati_export(request: HttpRequest) -> HttpResponse:
    """IATI 2.03 XML of the published activities of the list, with the list's filters."""
    activity_filter = selectors.activity_filter(user=request.user, data=request.GET or None)
    queryset = activity_filter.qs if activity_filter.is_valid() else activity_filter.queryset
    response = HttpResponse(content_type="application/xml; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="seg-mali-iati-{stamp}.xml"'
    write_activities(iati_export_activities(queryset), response)
    return response


# --- CSV and XLSX tables -----------------------------------------------------------------------


FORMATS = ("csv", "xlsx")


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def table_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV/XLSX table; the dry run's report is shown at once, then confirm."""
    _gate_import(request.user)
    form = TableUploadForm(request.POST or None, request.FILES or None)
    report = token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        report = imports.import_table(kind=kind, upload=upload, user=request.user, dry_run=True)
        if report.ok:
            token = imports.store_table(upload=upload, user=request.user, kind=kind)
    return render(
        request,
        "aid_tracking/import_table.html",
        {"form": form, "report": report, "token": token, "kinds": TableUploadForm.KIND_CHOICES},
    )


@login_required
@require_POST
def table_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    _gate_import(request.user)
    job = _own_job(request, token)
    path = imports.stored_table_path(token, job)
    if not path.exists():
        raise Http404
    with path.open("rb") as handle:
        report = imports.import_table(
            kind=job["kind"],
            upload=File(handle, name=job["name"]),
            user=request.user,
            dry_run=False,
        )
    path.unlink(missing_ok=True)
    imports.forget_job(token)
    return render(
        request,
        "aid_tracking/import_table.html",
        {
            "form": TableUploadForm(),
            "report": report,
            "done": True,
            "kinds": TableUploadForm.KIND_CHOICES,
        },
    )


@login_required
def table_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The import template of a kind: its columns and an example row."""
    _gate_import(request.user)
    if kind not in TABLES or fmt not in FORMATS:
        raise Http404
    header = list(TABLES[kind][0]._meta.fields)
    example = TABLES[kind][1]
    rows = [[example.get(column) for column in header]]
    if fmt == "xlsx":
        return _attachment(write_xlsx(header, rows, title=kind), XLSX_TYPE, f"seg-{kind}.xlsx")
    return _attachment(write_csv(header, rows), CSV_TYPE, f"seg-{kind}.csv")


def _filtered_activities(request: HttpRequest):
    activity_filter = selectors.activity_filter(user=request.user, data=request.GET or None)
    return activity_filter.qs if activity_filter.is_valid() else activity_filter.queryset


def activity_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The activity list, with its filters, as CSV or XLSX (what the reader may see)."""
    if fmt not in FORMATS:
        raise Http404
    rows = activity_rows(_filtered_activities(request).order_by("iati_identifier"))
    stamp = timezone.localtime().strftime("%Y%m%d")
    if fmt == "xlsx":
        content = write_xlsx(ACTIVITY_COLUMNS, rows, title="activities")
        return _attachment(content, XLSX_TYPE, f"seg-activities-{stamp}.xlsx")
    return _attachment(write_csv(ACTIVITY_COLUMNS, rows), CSV_TYPE, f"seg-activities-{stamp}.csv")


def transaction_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The transactions of the filtered activity list, as CSV or XLSX."""
    if fmt not in FORMATS:
        raise Http404
    rows = transaction_rows(_filtered_activities(request))
    stamp = timezone.localtime().strftime("%Y%m%d")
    if fmt == "xlsx":
        content = write_xlsx(TRANSACTION_COLUMNS, rows, title="transactions")
        return _attachment(content, XLSX_TYPE, f"seg-transactions-{stamp}.xlsx")
    return _attachment(
        write_csv(TRANSACTION_COLUMNS, rows), CSV_TYPE, f"seg-transactions-{stamp}.csv"
    )
