"""The read-only JSON API of published data, for open-data users (plain Django views).

Only published activities whose visibility is public appear, whoever asks (drafts and
restricted activities never do). Lists are paginated (``page``, ``page_size`` ≤ 100) and
filterable:

- ``organization``: the reporting organisation's IATI identifier or acronym;
- ``sector``: a DAC 5-digit sector code, or a 3-digit category code;
- ``region``: an ISO 3166-2 code of a region of Mali (``ML-1`` … ``ML-BKO``);
- ``year``: activities running during the year / transactions dated in the year;
- ``type`` (transactions): an IATI TransactionType code; ``activity``: an IATI identifier.

Amounts are strings (exact decimals) with their ISO 4217 currency, dates ISO 8601.
"""

import datetime
from math import ceil

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aid_tracking.exports import public_activities
from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Budget,
    ParticipatingOrg,
    PlannedDisbursement,
    Transaction,
)

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class BadRequest(Exception):
    pass


def _int(request: HttpRequest, name: str, default: int | None = None) -> int | None:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise BadRequest(
            _("The parameter “%(name)s” must be a whole number.") % {"name": name}
        ) from None


def _paginate(request: HttpRequest, queryset: QuerySet) -> tuple[list, dict]:
    page = _int(request, "page", 1)
    size = _int(request, "page_size", DEFAULT_PAGE_SIZE)
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise BadRequest(
            _("page must be 1 or more and page_size between 1 and %(max)s.")
            % {"max": MAX_PAGE_SIZE}
        )
    count = queryset.count()
    pages = max(1, ceil(count / size))
    items = list(queryset[(page - 1) * size : page * size])

    def link(number: int) -> str | None:
        if not 1 <= number <= pages:
            return None
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    meta = {
        "count": count,
        "page": page,
        "pages": pages,
        "next": link(page + 1),
        "previous": link(page - 1) if page <= pages else None,
    }
    return items, meta


def _filter_activities(request: HttpRequest, queryset: QuerySet, *, by_year=True) -> QuerySet:
    organization = request.GET.get("organization", "").strip()
    if organization:
        queryset = queryset.filter(
            Q(reporting_organization__iati_identifier=organization)
            | Q(reporting_organization__acronym__iexact=organization)
        )
    sector = request.GET.get("sector", "").strip()
    if sector:
        field = "sector__category__code" if len(sector) == 3 else "sector__code"
        queryset = queryset.filter(
            pk__in=ActivitySector.objects.filter(**{field: sector}).values("activity_id")
        )
    region = request.GET.get("region", "").strip().upper()
    if region:
        queryset = queryset.filter(
            pk__in=ActivityLocation.objects.filter(region__code=region).values("activity_id")
        )
    year = _int(request, "year") if by_year else None
    if year is not None:
        if not 1900 <= year <= 2200:
            raise BadRequest(_("The year is out of range."))
        queryset = queryset.annotate(
            start=Coalesce("actual_start", "planned_start"),
            end=Coalesce("actual_end", "planned_end"),
        ).filter(
            Q(start__lte=datetime.date(year, 12, 31)) | Q(start__isnull=True),
            Q(end__gte=datetime.date(year, 1, 1)) | Q(end__isnull=True),
        )
    return queryset


def _code(item) -> dict | None:
    return {"code": item.code, "name": item.name} if item is not None else None


def _money(value, currency: str) -> dict:
    return {"value": format(value, "f"), "currency": currency}


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _activity_summary(request: HttpRequest, activity: Activity) -> dict:
    organization = activity.reporting_organization
    return {
        "iati_identifier": activity.iati_identifier,
        "url": request.build_absolute_uri(
            reverse("aid_tracking:api_activity", args=[activity.iati_identifier])
        ),
        "reporting_organization": {
            "iati_identifier": organization.iati_identifier,
            "acronym": organization.acronym,
            "name": organization.name,
        },
        "title": {"fr": activity.title_fr, "en": activity.title_en},
        "activity_status": _code(activity.activity_status),
        "aid_type": _code(activity.aid_type),
        "dates": {
            "planned_start": _date(activity.planned_start),
            "actual_start": _date(activity.actual_start),
            "planned_end": _date(activity.planned_end),
            "actual_end": _date(activity.actual_end),
        },
        "default_currency": activity.default_currency_id,
        "is_humanitarian": activity.is_humanitarian,
        "sectors": [
            {
                "vocabulary": part.vocabulary,
                "code": part.code,
                "name": part.sector.name if part.sector_id else part.narrative,
                "percentage": format(part.percentage, "f"),
            }
            for part in activity.sectors.all()
        ],
        "regions": [
            {
                "code": part.region.code,
                "name": part.region.name,
                "percentage": format(part.percentage, "f"),
            }
            for part in activity.locations.all()
        ],
    }


def _transaction(transaction: Transaction) -> dict:
    return {
        "activity": transaction.activity.iati_identifier,
        "ref": transaction.ref,
        "type": _code(transaction.transaction_type),
        "date": _date(transaction.transaction_date),
        "amount": _money(transaction.value, transaction.currency_id),
        "value_date": _date(transaction.value_date),
        "description": transaction.description,
        "provider": transaction.provider_org_name,
        "receiver": transaction.receiver_org_name,
    }


def _listed(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "reporting_organization", "activity_status", "aid_type"
    ).prefetch_related(
        Prefetch("sectors", ActivitySector.objects.select_related("sector")),
        Prefetch("locations", ActivityLocation.objects.select_related("region")),
    )


def _json(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return JsonResponse({"error": str(error)}, status=400)
        except Http404:
            return JsonResponse({"error": _("Not found.")}, status=404)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return require_GET(wrapper)


@_json
def activity_list(request: HttpRequest) -> JsonResponse:
    queryset = _filter_activities(request, public_activities())
    items, meta = _paginate(request, _listed(queryset))
    return JsonResponse({**meta, "results": [_activity_summary(request, a) for a in items]})


@_json
def activity_detail(request: HttpRequest, iati_identifier: str) -> JsonResponse:
    queryset = _listed(
        public_activities().filter(iati_identifier=iati_identifier)
    ).prefetch_related(
        Prefetch(
            "participating_orgs",
            ParticipatingOrg.objects.select_related("role", "org_type"),
        ),
        Prefetch(
            "transactions",
            Transaction.objects.select_related("transaction_type", "activity"),
        ),
        Prefetch(
            "planned_disbursements",
            PlannedDisbursement.objects.select_related("disbursement_type"),
        ),
        Prefetch("budgets", Budget.objects.select_related("budget_type", "status")),
    )
    activity = queryset.first()
    if activity is None:
        raise Http404
    data = _activity_summary(request, activity)
    data.update(
        {
            "description": {"fr": activity.description_fr, "en": activity.description_en},
            "participating_organizations": [
                {
                    "role": _code(org.role),
                    "type": _code(org.org_type),
                    "name": org.display_name,
                    "iati_identifier": org.ref,
                    "is_national": org.is_national,
                }
                for org in activity.participating_orgs.all()
            ],
            "transactions": [_transaction(t) for t in activity.transactions.all()],
            "planned_disbursements": [
                {
                    "type": _code(plan.disbursement_type),
                    "period_start": _date(plan.period_start),
                    "period_end": _date(plan.period_end),
                    "amount": _money(plan.value, plan.currency_id),
                    "value_date": _date(plan.value_date),
                }
                for plan in activity.planned_disbursements.all()
            ],
            "budgets": [
                {
                    "type": _code(budget.budget_type),
                    "status": _code(budget.status),
                    "period_start": _date(budget.period_start),
                    "period_end": _date(budget.period_end),
                    "amount": _money(budget.value, budget.currency_id),
                }
                for budget in activity.budgets.all()
            ],
        }
    )
    return JsonResponse(data)


@_json
def transaction_list(request: HttpRequest) -> JsonResponse:
    activities = _filter_activities(request, public_activities(), by_year=False)
    identifier = request.GET.get("activity", "").strip()
    if identifier:
        activities = activities.filter(iati_identifier=identifier)
    queryset = Transaction.objects.filter(activity__in=activities.values("pk")).select_related(
        "activity", "transaction_type"
    )
    year = _int(request, "year")
    if year is not None:
        queryset = queryset.filter(transaction_date__year=year)
    kind = request.GET.get("type", "").strip()
    if kind:
        queryset = queryset.filter(transaction_type__code=kind)
    items, meta = _paginate(request, queryset.order_by("transaction_date", "pk"))
    return JsonResponse({**meta, "results": [_transaction(t) for t in items]})
