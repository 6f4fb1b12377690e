"""Import and export pages (thin: parse, gate, call one service or selector, render)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from aid_tracking import imports, selectors
from aid_tracking.exports import iati_export_activities
from aid_tracking.forms_io import IatiUploadForm
from aid_tracking.iati import write_activities
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
