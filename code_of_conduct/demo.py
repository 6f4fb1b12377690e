"""Demo Triple C data: the starting framework, a validated 2025 campaign and an open 2026 one."""

import datetime

from django.utils import timezone

from code_of_conduct import computed, services
from code_of_conduct.models import Answer, Assessment, Campaign, FrameworkVersion, Indicator
from seg_portal.accounts.models import Organization, User
from seg_portal.accounts.roles import Visibility

FRAMEWORK_LABEL = "Cadre Triple C — version initiale"
Status = Assessment.Status

# The state of each PTF's 2026 assessment: one of every state of the workflow.
STATES_2026 = {
    "DDC": Status.DRAFT,
    "UE": Status.SUBMITTED,
    "Asdi": Status.RETURNED,
    "BMZ": Status.VALIDATED,
    "PNUD": Status.SUBMITTED,
}


def _value(indicator: Indicator, seed: int) -> int:
    if indicator.kind == Indicator.Kind.YES_NO:
        return seed % 2
    return (seed * 7 + indicator.pk) % 5


def _fill(assessment: Assessment, indicators: list[Indicator], seed: int) -> None:
    period = computed.CampaignPeriod(
        year=assessment.campaign.year,
        start=assessment.campaign.period_start,
        end=assessment.campaign.period_end,
    )
    for index, indicator in enumerate(indicators):
        if indicator.kind == Indicator.Kind.COMPUTED:
            result = computed.compute(indicator.source_key, assessment.organization, period)
            defaults = {"computed_value": result.value, "provenance": list(result.provenance)}
        else:
            defaults = {
                "value": _value(indicator, seed + index),
                "comment": "Réponse de démonstration.",
            }
        Answer.objects.update_or_create(
            assessment=assessment, indicator=indicator, defaults=defaults
        )


def seed(*, organizations: dict[str, Organization], users: dict[str, User]) -> None:
    # The computed indicators measure the other axes' demo data, but seed_demo runs the apps in
    # INSTALLED_APPS order (Triple C first): seed theirs before (both are idempotent).
    from aid_tracking import demo as aid_demo
    from coordination import demo as coordination_demo

    coordination_demo.seed(organizations=organizations, users=users)
    aid_demo.seed(organizations=organizations, users=users)
    framework = FrameworkVersion.objects.filter(label=FRAMEWORK_LABEL).first()
    if framework is None:
        framework = services.create_default_framework(label=FRAMEWORK_LABEL)
    indicators = list(
        Indicator.objects.filter(commitment__principle__framework=framework).order_by("pk")
    )
    partners = [org for org in organizations.values() if org.is_ptf and org.is_active]
    now = timezone.now()

    previous, _created = Campaign.objects.get_or_create(
        year=2025,
        defaults={
            "framework": framework,
            "period_start": datetime.date(2025, 1, 1),
            "period_end": datetime.date(2025, 12, 31),
            "deadline": datetime.date(2026, 2, 28),
            "status": Campaign.Status.CLOSED,
            "is_published": True,
            "visibility": Visibility.PARTNERS,
        },
    )
    for seed_number, partner in enumerate(partners):
        assessment, _created = Assessment.objects.get_or_create(
            campaign=previous, organization=partner
        )
        _fill(assessment, indicators, seed_number)
        Assessment.objects.filter(pk=assessment.pk).update(
            status=Status.VALIDATED, submitted_at=now, validated_at=now
        )

    current, _created = Campaign.objects.get_or_create(
        year=2026,
        defaults={
            "framework": framework,
            "period_start": datetime.date(2026, 1, 1),
            "period_end": datetime.date(2026, 12, 31),
            "deadline": datetime.date(2026, 12, 15),
        },
    )
    for seed_number, partner in enumerate(partners):
        assessment, created = Assessment.objects.get_or_create(
            campaign=current, organization=partner
        )
        state = STATES_2026.get(partner.acronym, Status.NOT_STARTED)
        if not created and assessment.status == state:
            continue
        if state != Status.NOT_STARTED:
            _fill(assessment, indicators, seed_number + 1)
        if state == Status.DRAFT:
            # A draft leaves the last indicators unanswered.
            Answer.objects.filter(assessment=assessment, indicator__in=indicators[-3:]).update(
                value=None
            )
        Assessment.objects.filter(pk=assessment.pk).update(
            status=state,
            submitted_at=now if state in (Status.SUBMITTED, Status.VALIDATED) else None,
            validated_at=now if state == Status.VALIDATED else None,
            return_comment=(
                "Merci de joindre les comptes rendus des missions conjointes (indicateur 2.2.1)."
                if state == Status.RETURNED
                else ""
            ),
        )
