"""Aid activities in the browser: lists, pages, the activity form, publication, exchange rates."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aid_tracking import permissions, regional_risk, selectors, services
from aid_tracking.forms import (
    PART_FORMSETS,
    ActivityForm,
    DisplayCurrencyForm,
    ExchangeRateForm,
)
from aid_tracking.models import Activity
from aid_tracking.money import DEFAULT_DISPLAY_CURRENCY, DISPLAY_CURRENCIES

PAGE_SIZE = 25
SESSION_CURRENCY = "aid_currency"


def display_currency(request: HttpRequest) -> str:
    """The currency the reader chose for amounts (kept in the session), XOF by default."""
    currency = request.session.get(SESSION_CURRENCY, DEFAULT_DISPLAY_CURRENCY)
    return currency if currency in DISPLAY_CURRENCIES else DEFAULT_DISPLAY_CURRENCY


def activity_list(request: HttpRequest) -> HttpResponse:
    activity_filter = selectors.activity_filter(user=request.user, data=request.GET or None)
    page_obj = Paginator(activity_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    currency = display_currency(request)
    amounts = selectors.amounts_for(page_obj.object_list, currency=currency)
    return render(
        request,
        "aid_tracking/activity_list.html",
        {
            "filter": activity_filter,
            "page_obj": page_obj,
            "rows": [(activity, amounts[activity.pk]) for activity in page_obj],
            "currency": currency,
            "currency_form": DisplayCurrencyForm(
                initial={"currency": currency, "next": request.get_full_path()}
            ),
            "can_create": permissions.can_create_activity(request.user),
        },
    )


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity_detail(user=request.user, pk=pk)
    currency = display_currency(request)
    can_edit = permissions.can_edit_activity(request.user, activity)
    return render(
        request,
        "aid_tracking/activity_detail.html",
        {
            "activity": activity,
            "amounts": selectors.amounts_for([activity], currency=currency)[activity.pk],
            "currency": currency,
            "currency_form": DisplayCurrencyForm(
                initial={"currency": currency, "next": request.get_full_path()}
            ),
            "can_edit": can_edit,
            "can_publish": permissions.can_publish_activity(request.user, activity),
            "can_delete": permissions.can_delete_activity(request.user, activity),
            "can_view_history": permissions.can_view_history(request.user, activity),
            "missing": services.missing_for_publication(activity)
            if can_edit and not activity.is_published
            else [],
            # Conflict sensitivity: the regions' latest context risk (concertation axis).
            "regional_risk": regional_risk.for_regions(
                user=request.user, regions=[part.region for part in activity.locations.all()]
            ),
        },
    )


def _formsets(data, activity: Activity, default_currency: str) -> list:
    return [
        (
            prefix,
            title,
            formset_class(
                data, instance=activity, prefix=prefix, default_currency=default_currency
            ),
        )
        for prefix, title, formset_class in PART_FORMSETS
    ]


def _with_added_row(data, prefix: str):
    """The posted data with one more (empty) row in the ``prefix`` formset: "add a row" works
    without JavaScript by posting the form back to itself."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    with contextlib.suppress(ValueError):
        data[key] = str(min(int(data.get(key, 0)) + 1, 200))
    return data


def _activity_form_page(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    user = request.user
    organization = activity.reporting_organization if activity else user.organization
    instance = activity or Activity(reporting_organization=organization)
    default_currency = instance.default_currency_id or "XOF"
    adding_row = False
    if request.method != "POST":
        form = ActivityForm(instance=instance, user=user, organization=organization)
        formsets = _formsets(None, instance, default_currency)
    else:
        data = request.POST
        add_row = data.get("add_row")
        prefixes = [prefix for prefix, _title, _cls in PART_FORMSETS]
        adding_row = add_row in prefixes
        if adding_row:
            data = _with_added_row(data, add_row)
        form = ActivityForm(data, instance=instance, user=user, organization=organization)
        formsets = _formsets(data, instance, data.get("default_currency") or default_currency)
        if (
            add_row not in prefixes
            and form.is_valid()
            and all(formset.is_valid() for _prefix, _title, formset in formsets)
        ):
            parts = {prefix: formset.rows() for prefix, _title, formset in formsets}
            kwargs = {
                "by": user,
                "fields": form.activity_fields(),
                "credd_axes": form.cleaned_data["credd_axes"],
                "sdg_goals": form.cleaned_data["sdg_goals"],
                "sectors": parts["sectors"],
                "locations": parts["locations"],
                "participants": parts["participants"],
                "transactions": parts["transactions"],
                "planned_disbursements": parts["plans"],
                "budgets": parts["budgets"],
            }
            try:
                if activity is None:
                    owner = form.cleaned_data.get("reporting_organization") or organization
                    saved = services.create_activity(organization=owner, **kwargs)
                else:
                    saved = services.update_activity(
                        activity=activity, sector_vocabularies=["1"], **kwargs
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The activity was saved."))
                return redirect(saved)
    return render(
        request,
        "aid_tracking/activity_form.html",
        {"form": form, "formsets": formsets, "activity": activity},
        # A refused save answers 400; a page re-shown to add a row is not an error.
        status=400 if request.method == "POST" and not adding_row else 200,
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_activity(request.user):
        raise PermissionDenied
    return _activity_form_page(request, None)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity(user=request.user, pk=pk)
    if not permissions.can_edit_activity(request.user, activity):
        raise PermissionDenied
    return _activity_form_page(request, activity)


@require_POST
@login_required
def activity_publish(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity(user=request.user, pk=pk)
    if not permissions.can_publish_activity(request.user, activity):
        raise PermissionDenied
    try:
        services.publish_activity(activity=activity, by=request.user)
    except services.PublicationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The activity is published."))
    return redirect(activity)


@require_POST
@login_required
def activity_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity(user=request.user, pk=pk)
    if not permissions.can_publish_activity(request.user, activity):
        raise PermissionDenied
    services.unpublish_activity(activity=activity, by=request.user)
    messages.success(
        request,
        _("The activity is back to draft: only your organisation and the secretariat see it."),
    )
    return redirect(activity)


@login_required
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity(user=request.user, pk=pk)
    if not permissions.can_delete_activity(request.user, activity):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_draft(activity=activity, by=request.user)
        messages.success(request, _("The draft was deleted."))
        return redirect("aid_tracking:activity_list")
    return render(request, "aid_tracking/activity_confirm_delete.html", {"activity": activity})


@login_required
def activity_history(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity(user=request.user, pk=pk)
    if not permissions.can_view_history(request.user, activity):
        raise PermissionDenied
    return render(
        request,
        "aid_tracking/activity_history.html",
        {"activity": activity, "changes": selectors.activity_history(activity=activity)},
    )


def organization_profile(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.get_organization(pk=pk)
    currency = display_currency(request)
    return render(
        request,
        "aid_tracking/organization_profile.html",
        {
            "organization": organization,
            "portfolio": selectors.organization_portfolio(
                user=request.user, organization=organization, currency=currency
            ),
            # Conflict sensitivity: the latest context risk of the regions of its activities.
            "regional_risk": regional_risk.for_regions(
                user=request.user,
                regions=selectors.regions_of(user=request.user, organization=organization),
            ),
            "currency": currency,
            "currency_form": DisplayCurrencyForm(
                initial={"currency": currency, "next": request.get_full_path()}
            ),
        },
    )


@require_POST
def set_display_currency(request: HttpRequest) -> HttpResponse:
    form = DisplayCurrencyForm(request.POST)
    if form.is_valid():
        request.session[SESSION_CURRENCY] = form.cleaned_data["currency"]
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("aid_tracking:activity_list")
    return redirect(target)


@login_required
def exchange_rate_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_exchange_rates(request.user):
        raise PermissionDenied
    currency = request.GET.get("currency", "").upper()[:3]
    page_obj = Paginator(selectors.list_exchange_rates(currency=currency), 36).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "aid_tracking/exchangerate_list.html",
        {"page_obj": page_obj, "currency": currency},
    )


def _exchange_rate_form_page(request: HttpRequest, exchange_rate) -> HttpResponse:
    form = ExchangeRateForm(request.POST or None, instance=exchange_rate)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_exchange_rate(
                currency=form.cleaned_data["currency"],
                month=form.cleaned_data["month"],
                rate=form.cleaned_data["rate"],
                by=request.user,
                exchange_rate=exchange_rate,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The exchange rate was saved."))
            return redirect("aid_tracking:exchange_rate_list")
    return render(
        request,
        "aid_tracking/exchangerate_form.html",
        {"form": form, "exchange_rate": exchange_rate},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def exchange_rate_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_exchange_rates(request.user):
        raise PermissionDenied
    return _exchange_rate_form_page(request, None)


@login_required
def exchange_rate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_exchange_rates(request.user):
        raise PermissionDenied
    return _exchange_rate_form_page(request, selectors.get_exchange_rate(pk=pk))
