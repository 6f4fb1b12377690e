from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seg_portal.reports import permissions, selectors, services
from seg_portal.reports.forms import (
    ArchiveFilterForm,
    ManageFilterForm,
    PublishReportForm,
    RequestReportForm,
    SubscriptionForm,
)

PAGE_SIZE = 20


def _filters(form) -> dict:
    if not form.is_valid():
        return {}
    return {key: value for key, value in form.cleaned_data.items() if value}


@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    form = ArchiveFilterForm(request.GET or None)
    reports = selectors.archive(user=request.user, **_filters(form))
    page_obj = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/archive.html",
        {
            "form": form,
            "page_obj": page_obj,
            "can_manage": permissions.can_manage_reports(request.user),
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(user=request.user, pk=pk)
    can_manage = permissions.can_manage_reports(request.user)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "can_manage": can_manage,
            "can_download": permissions.can_download_report(request.user, report),
            "publish_form": PublishReportForm(initial={"audience": report.audience}),
        },
    )


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    # Checked on every download: a withdrawn or narrowed report stops being served at once.
    report = selectors.get_report(user=request.user, pk=pk)
    if not permissions.can_download_report(request.user, report):
        raise Http404
    try:
        handle = default_storage.open(report.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=False, filename=report.download_name, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_reports(request.user):
        raise PermissionDenied
    form = RequestReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = services.request_report(
            kind=data["kind"],
            period=data["period"],
            subject=data["subject"],
            language=data["language"],
            audience=data["audience"],
            by=request.user,
            retry_failed=True,
        )
        messages.success(request, _("The report is requested."))
        return redirect(report)
    filters = ManageFilterForm(request.GET or None)
    reports = selectors.list_reports(user=request.user, **_filters(filters))
    page_obj = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/manage.html",
        {"form": form, "filters": filters, "page_obj": page_obj},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the detail page polls (htmx); it stops polling once done."""
    report = selectors.get_report(user=request.user, pk=pk)
    if not permissions.can_manage_reports(request.user):
        raise PermissionDenied
    return render(
        request,
        "reports/_status.html",
        {
            "report": report,
            "can_download": permissions.can_download_report(request.user, report),
        },
    )


def _managed_report(request: HttpRequest, pk: int):
    report = selectors.get_report(user=request.user, pk=pk)
    if not permissions.can_manage_reports(request.user):
        raise PermissionDenied
    return report


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _managed_report(request, pk)
    form = PublishReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the audience of the report."))
        return redirect(report)
    try:
        services.publish_report(
            report=report, audience=form.cleaned_data["audience"], by=request.user
        )
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        report.refresh_from_db()  # a re-render may have run already (tasks in-process)
        messages.success(request, _publication_message(report))
    return redirect(report)


def _publication_message(report) -> str:
    if report.status == report.Status.PUBLISHED:
        return _("The report is published.")
    return _(
        "The report is being rendered again for this audience; it will be published as soon as "
        "it is ready."
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    report = _managed_report(request, pk)
    try:
        services.withdraw_report(report=report, by=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report is withdrawn."))
    return redirect(report)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = _managed_report(request, pk)
    try:
        services.retry_report(report=report, by=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report is queued again."))
    return redirect(report)


@login_required
@require_http_methods(["GET", "POST"])
def subscriptions(request: HttpRequest) -> HttpResponse:
    if not permissions.can_subscribe_to_reports(request.user):
        raise PermissionDenied
    initial = {"kinds": selectors.subscribed_kinds(user=request.user)}
    form = SubscriptionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_subscriptions(user=request.user, kinds=form.cleaned_data["kinds"])
        messages.success(request, _("Your report subscriptions are saved."))
        return redirect("reports:subscriptions")
    return render(request, "reports/subscriptions.html", {"form": form})
