"""The computed sources wired to the other axes' data (registered by ``CodeOfConductConfig.ready``).

Each source replaces the "not available yet" placeholder of ``code_of_conduct.computed`` under the
same key. Formulas (the provenance repeats them, with the records counted):

- ``coordination.attendance_rate``: meetings held in the campaign period, in the bodies the
  organisation belonged to, at which it was present / those meetings
  (``coordination.selectors.attendance_rate``);
- ``coordination.decision_follow_up_rate``: decisions assigned to the organisation and due in the
  period that are done or have a progress update by its staff / those decisions (dropped ones are
  not counted; ``coordination.selectors.decision_follow_up_rate``);
- ``aid.reporting_timeliness``: the organisation's published activities last updated on or after
  the period end minus 90 days / its published activities created on or before the period end;
- ``aid.annual_predictability`` (GPEDC 5a) and ``aid.forward_visibility`` (5b): from
  ``aid_tracking.indicators`` for the campaign's year, over the organisation's published
  activities, in XOF: 5a = min(D, S) / S (D disbursed and spent in the year, S scheduled by the
  forward plans starting in it); 5b = years among t+1..t+3 with a forward plan / 3.
"""

import datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from code_of_conduct.computed import CampaignPeriod, ComputedValue, ratio, register

TIMELINESS_DAYS = 90
# The GPEDC sources sum amounts in the national currency.
CURRENCY = "XOF"
# Provenance lists at most this many records by name, then says how many more there are.
NAMED_RECORDS = 15

LABELS = {
    "aid.annual_predictability": gettext_lazy(
        "Annual predictability (5a): disbursed against scheduled"
    ),
    "aid.forward_visibility": gettext_lazy(
        "Forward visibility (5b): forward plans for the next three years"
    ),
    "aid.reporting_timeliness": gettext_lazy(
        "Reporting timeliness: share of published activities updated in the last 90 days"
    ),
    "coordination.attendance_rate": gettext_lazy("Attendance rate at coordination meetings"),
    "coordination.decision_follow_up_rate": gettext_lazy("Follow-up rate of decisions"),
}


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _named(lines: list[str], records: list[str]) -> list[str]:
    """Append one line per record (at most NAMED_RECORDS), then how many were left out."""
    lines.extend(records[:NAMED_RECORDS])
    left = len(records) - NAMED_RECORDS
    if left > 0:
        lines.append(
            ngettext("… and %(count)s more.", "… and %(count)s more.", left) % {"count": left}
        )
    return lines


def attendance(organization, period: CampaignPeriod) -> ComputedValue:
    from django.utils import timezone

    from coordination.selectors import attendance_rate

    rate = attendance_rate(organization=organization, start=period.start, end=period.end)
    attended = {meeting.pk for meeting in rate.matched}
    lines = [
        _(
            "Meetings held from %(start)s to %(end)s in the bodies %(organization)s belongs to: "
            "%(meetings)s; attended: %(attended)s. Rate = attended / held."
        )
        % {
            "start": _day(period.start),
            "end": _day(period.end),
            "organization": organization.acronym or organization.name,
            "meetings": rate.denominator,
            "attended": rate.numerator,
        }
    ]
    records = [
        (
            _("Attended: %(body)s, %(meeting)s (%(date)s).")
            if meeting.pk in attended
            else _("Absent: %(body)s, %(meeting)s (%(date)s).")
        )
        % {
            "body": meeting.body,
            "meeting": meeting.title,
            "date": _day(timezone.localtime(meeting.starts_at).date()),
        }
        for meeting in rate.counted
    ]
    return ComputedValue(
        value=ratio(rate.numerator, rate.denominator), provenance=_named(lines, records)
    )


def follow_up(organization, period: CampaignPeriod) -> ComputedValue:
    from coordination.selectors import decision_follow_up_rate

    rate = decision_follow_up_rate(organization=organization, start=period.start, end=period.end)
    followed = {decision.pk for decision in rate.matched}
    lines = [
        _(
            "Decisions assigned to %(organization)s and due from %(start)s to %(end)s (dropped "
            "ones excluded): %(decisions)s; followed up (done or with a progress update by its "
            "staff): %(followed)s. Rate = followed up / due."
        )
        % {
            "organization": organization.acronym or organization.name,
            "start": _day(period.start),
            "end": _day(period.end),
            "decisions": rate.denominator,
            "followed": rate.numerator,
        }
    ]
    records = [
        (
            _("Followed up: “%(decision)s” (%(body)s, due %(date)s).")
            if decision.pk in followed
            else _("Not followed up: “%(decision)s” (%(body)s, due %(date)s).")
        )
        % {
            "decision": str(decision),
            "body": decision.meeting.body,
            "date": _day(decision.due_date),
        }
        for decision in rate.counted
    ]
    return ComputedValue(
        value=ratio(rate.numerator, rate.denominator), provenance=_named(lines, records)
    )


def reporting_timeliness(organization, period: CampaignPeriod) -> ComputedValue:
    """Published activities of the organisation (created by the period end) last updated on or
    after period end - 90 days, over all those activities."""
    from django.utils import timezone

    from aid_tracking.models import Activity

    tz = timezone.get_current_timezone()
    end_of_period = datetime.datetime.combine(
        period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    since = period.end - datetime.timedelta(days=TIMELINESS_DAYS)
    since_at = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    activities = list(
        Activity.objects.published()
        .filter(reporting_organization=organization, created_at__lt=end_of_period)
        .only("pk", "iati_identifier", "updated_at")
        .order_by("iati_identifier")
    )
    current = [activity for activity in activities if activity.updated_at >= since_at]
    lines = [
        _(
            "Published activities reported by %(organization)s by %(end)s: %(activities)s; "
            "updated on or after %(since)s (%(days)s days before the period end): %(current)s. "
            "Rate = updated / published."
        )
        % {
            "organization": organization.acronym or organization.name,
            "end": _day(period.end),
            "activities": len(activities),
            "since": _day(since),
            "days": TIMELINESS_DAYS,
            "current": len(current),
        }
    ]
    records = [
        (
            _("Up to date: %(identifier)s (updated %(date)s).")
            if activity.updated_at >= since_at
            else _("Out of date: %(identifier)s (updated %(date)s).")
        )
        % {
            "identifier": activity.iati_identifier,
            "date": _day(timezone.localtime(activity.updated_at, tz).date()),
        }
        for activity in activities
    ]
    return ComputedValue(
        value=ratio(len(current), len(activities)), provenance=_named(lines, records)
    )


def _amount(value) -> str:
    return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def _gpedc_activity_lines(provenance, line) -> list[str]:
    return [line(item) for item in provenance.activities]


def _missing_rates(provenance) -> list[str]:
    if not provenance.missing_rates:
        return []
    return [
        _("Left out for want of an exchange rate: %(rates)s.")
        % {"rates": provenance.missing_rates_text}
    ]


def annual_predictability(organization, period: CampaignPeriod) -> ComputedValue:
    from aid_tracking.indicators import annual_predictability as gpedc_5a

    result = gpedc_5a(organization=organization, year=period.year, currency=CURRENCY)
    provenance = result.provenance
    disbursed, scheduled = provenance.disbursed, provenance.scheduled
    lines = [
        _(
            "%(count)s published activities of %(organization)s in %(year)s: disbursed (D) "
            "%(disbursed)s %(currency)s, scheduled in forward plans (S) %(scheduled)s "
            "%(currency)s. Rate = min(D, S) / S."
        )
        % {
            "count": len(provenance.activities),
            "organization": organization.acronym or organization.name,
            "year": period.year,
            "disbursed": _amount(disbursed),
            "scheduled": _amount(scheduled),
            "currency": CURRENCY,
        }
    ]
    records = _gpedc_activity_lines(
        provenance,
        lambda item: (
            _("%(identifier)s: D = %(disbursed)s, S = %(scheduled)s %(currency)s.")
            % {
                "identifier": item.iati_identifier,
                "disbursed": _amount(item.disbursed),
                "scheduled": _amount(item.scheduled),
                "currency": CURRENCY,
            }
        ),
    )
    return ComputedValue(
        value=_rounded(result.value),
        provenance=_named(lines, records) + _missing_rates(provenance),
    )


def forward_visibility(organization, period: CampaignPeriod) -> ComputedValue:
    from aid_tracking.indicators import forward_visibility as gpedc_5b

    result = gpedc_5b(organization=organization, year=period.year, currency=CURRENCY)
    provenance = result.provenance
    years = provenance.forward_years
    lines = [
        _(
            "%(count)s published activities of %(organization)s; forward plans for "
            "%(years)s. Rate = years with a forward plan / 3."
        )
        % {
            "count": len(provenance.activities),
            "organization": organization.acronym or organization.name,
            "years": ", ".join(
                _("%(year)s: %(amount)s %(currency)s")
                % {"year": year, "amount": _amount(amount), "currency": CURRENCY}
                for year, amount in years
            ),
        }
    ]
    return ComputedValue(value=_rounded(result.value), provenance=lines)


def _rounded(value):
    return None if value is None else value.quantize(Decimal("0.0001"))


def register_sources() -> None:
    register(
        "aid.annual_predictability", LABELS["aid.annual_predictability"], annual_predictability
    )
    register("aid.forward_visibility", LABELS["aid.forward_visibility"], forward_visibility)
    register("coordination.attendance_rate", LABELS["coordination.attendance_rate"], attendance)
    register(
        "coordination.decision_follow_up_rate",
        LABELS["coordination.decision_follow_up_rate"],
        follow_up,
    )
    register("aid.reporting_timeliness", LABELS["aid.reporting_timeliness"], reporting_timeliness)
