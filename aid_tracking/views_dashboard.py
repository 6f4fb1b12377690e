"""The reading side for decisions: dashboard, GPEDC indicators and data quality."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from aid_tracking import dashboard as selectors
from aid_tracking import indicators, permissions
from aid_tracking.forms import DisplayCurrencyForm
from aid_tracking.views import display_currency
from seg_portal.accounts.models import Organization
from seg_portal.charts import Series, bar_chart, line_chart


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _currency_context(request: HttpRequest, currency: str) -> dict:
    return {
        "currency": currency,
        "currency_form": DisplayCurrencyForm(
            initial={"currency": currency, "next": request.get_full_path()}
        ),
    }


def _bars(rows, title: str, unit: str):
    return bar_chart(
        [(row.label, float(row.disbursed.value)) for row in rows], title=title, unit=unit
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    currency = display_currency(request)
    year = _int(request.GET.get("year"))
    organizations = list(selectors.ptf_organizations())
    org_id = _int(request.GET.get("organization"))
    organization = next((org for org in organizations if org.pk == org_id), None)
    board = selectors.dashboard(
        user=request.user, currency=currency, year=year, organization=organization
    )
    charts = {}
    if board.by_year:
        charts["year"] = line_chart(
            [row.label for row in board.by_year],
            [
                Series(_("Committed"), [float(row.committed.value) for row in board.by_year]),
                Series(_("Disbursed"), [float(row.disbursed.value) for row in board.by_year]),
            ],
            title=_("Committed and disbursed by year (%(currency)s)") % {"currency": currency},
        )
    for key, rows, title in (
        ("organization", board.by_organization, _("Disbursed by partner")),
        ("sector", board.by_sector, _("Disbursed by sector")),
        ("region", board.by_region, _("Disbursed by region")),
        ("axis", board.by_axis, _("Disbursed by CREDD axis")),
    ):
        if rows:
            charts[key] = _bars(rows, title, currency)
    return render(
        request,
        "aid_tracking/dashboard.html",
        {
            "board": board,
            "charts": charts,
            "organizations": organizations,
            "selected_year": year,
            "selected_organization": organization,
            **_currency_context(request, currency),
        },
    )


def _year(request: HttpRequest) -> int:
    return _int(request.GET.get("year")) or indicators.as_of(timezone.localdate())


def indicator_overview(request: HttpRequest) -> HttpResponse:
    currency = display_currency(request)
    year = _year(request)
    rows = indicators.overview(
        user=request.user,
        year=year,
        currency=currency,
        organizations=selectors.ptf_organizations(),
    )
    return render(
        request,
        "aid_tracking/indicator_overview.html",
        {
            "rows": [row for row in rows if row.results[0].provenance.activities],
            "definitions": indicators.INDICATORS,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 8, -1),
            **_currency_context(request, currency),
        },
    )


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    definition = indicators.definition(code)
    if definition is None:
        raise Http404
    currency = display_currency(request)
    year = _year(request)
    organizations = list(selectors.ptf_organizations())
    org_id = _int(request.GET.get("organization"))
    if org_id is None and request.user.is_authenticated and request.user.is_ptf:
        org_id = request.user.organization_id
    organization = next((org for org in organizations if org.pk == org_id), None)
    result = None
    if organization is not None:
        result = indicators.indicator(
            code, organization=organization, year=year, currency=currency, user=request.user
        )
    return render(
        request,
        "aid_tracking/indicator_detail.html",
        {
            "definition": definition,
            "result": result,
            "organization": organization,
            "organizations": organizations,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 8, -1),
            **_currency_context(request, currency),
        },
    )


@login_required
def data_quality(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_secretariat:
        return render(
            request,
            "aid_tracking/data_quality_summary.html",
            {"summary": selectors.quality_summary(today=timezone.localdate())},
        )
    if user.is_ptf and user.organization_id:
        return redirect("aid_tracking:data_quality_organization", pk=user.organization_id)
    raise PermissionDenied


@login_required
def data_quality_organization(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk, is_active=True)
    if not permissions.can_view_data_quality(request.user, organization):
        raise PermissionDenied
    today = timezone.localdate()
    items = selectors.activity_quality(
        activities=organization.activities.order_by("title_fr", "pk"), today=today
    )
    items.sort(key=lambda item: (item.score, str(item.activity)))
    return render(
        request,
        "aid_tracking/data_quality.html",
        {
            "organization": organization,
            "items": items,
            "plan_years": [today.year + step for step in (1, 2, 3)],
            "checklist": [label for _key, label in selectors.CHECKLIST],
            "stale_days": selectors.STALE_AFTER_DAYS,
        },
    )
