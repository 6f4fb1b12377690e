"""Every write of the Triple C: the framework, campaigns, the assessment workflow, reminders."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from code_of_conduct import computed
from code_of_conduct.default_framework import (
    DEFAULT_FRAMEWORK,
    SCALE_LEVELS_EN,
    SCALE_LEVELS_FR,
)
from code_of_conduct.models import (
    Answer,
    Assessment,
    Campaign,
    Commitment,
    Evidence,
    FrameworkVersion,
    Indicator,
    Principle,
    Reminder,
)
from seg_portal.accounts.models import Organization, User
from seg_portal.accounts.roles import Role
from seg_portal.files import check_document

Status = Assessment.Status
REMINDER_DAYS = (14, 7, 1)


# --- Framework ---------------------------------------------------------------------------------


def _ensure_editable(framework: FrameworkVersion) -> None:
    if framework.is_frozen:
        raise ValidationError(
            _(
                "This framework version was used by a campaign that has answers: it can no "
                "longer change. Create a new version instead."
            ),
            code="frozen",
        )


@transaction.atomic
def create_default_framework(*, label: str) -> FrameworkVersion:
    """The starting framework (default_framework.py), as a new version the secretariat edits."""
    framework = FrameworkVersion.objects.create(label=label)
    for p_index, (p_code, title_fr, title_en, commitments) in enumerate(DEFAULT_FRAMEWORK):
        principle = Principle.objects.create(
            framework=framework, code=p_code, position=p_index, title_fr=title_fr, title_en=title_en
        )
        for c_index, (c_code, c_fr, c_en, indicators) in enumerate(commitments):
            commitment = Commitment.objects.create(
                principle=principle, code=c_code, position=c_index, text_fr=c_fr, text_en=c_en
            )
            for i_index, (i_code, i_fr, i_en, kind, key, baseline, target) in enumerate(indicators):
                Indicator.objects.create(
                    commitment=commitment,
                    code=i_code,
                    position=i_index,
                    text_fr=i_fr,
                    text_en=i_en,
                    kind=kind,
                    source_key=key,
                    baseline=baseline,
                    target=target,
                    levels_fr=SCALE_LEVELS_FR if kind == Indicator.Kind.SCALE else "",
                    levels_en=SCALE_LEVELS_EN if kind == Indicator.Kind.SCALE else "",
                )
    return framework


@transaction.atomic
def copy_framework(*, framework: FrameworkVersion, label: str) -> FrameworkVersion:
    """A new, editable version with the same principles, commitments and indicators."""
    copy = FrameworkVersion.objects.create(label=label, based_on=framework)
    for principle in framework.principles.prefetch_related("commitments__indicators"):
        commitments = list(principle.commitments.all())
        principle.pk = None
        principle.framework = copy
        principle.save()
        for commitment in commitments:
            indicators = list(commitment.indicators.all())
            commitment.pk = None
            commitment.principle = principle
            commitment.save()
            for indicator in indicators:
                indicator.pk = None
                indicator.commitment = commitment
                indicator.save()
    return copy


@transaction.atomic
def save_principle(*, principle: Principle) -> Principle:
    _ensure_editable(principle.framework)
    principle.save()
    return principle


@transaction.atomic
def save_commitment(*, commitment: Commitment) -> Commitment:
    _ensure_editable(commitment.principle.framework)
    commitment.save()
    return commitment


@transaction.atomic
def save_indicator(*, indicator: Indicator) -> Indicator:
    _ensure_editable(indicator.commitment.principle.framework)
    if indicator.kind != Indicator.Kind.COMPUTED:
        indicator.source_key = ""
    indicator.save()
    return indicator


@transaction.atomic
def delete_indicator(*, indicator: Indicator) -> None:
    _ensure_editable(indicator.commitment.principle.framework)
    indicator.delete()


# --- Campaigns ---------------------------------------------------------------------------------


@transaction.atomic
def open_campaign(
    *,
    year: int,
    framework: FrameworkVersion,
    period_start: datetime.date,
    period_end: datetime.date,
    deadline: datetime.date,
) -> Campaign:
    """Open the yearly campaign: one assessment for every active PTF organisation."""
    if Campaign.objects.filter(year=year).exists():
        raise ValidationError(
            _("A campaign for %(year)s already exists.") % {"year": year}, code="duplicate"
        )
    campaign = Campaign.objects.create(
        year=year,
        framework=framework,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
    )
    partners = Organization.objects.filter(
        kind__in=Organization.PTF_KINDS, is_active=True
    ).order_by("pk")
    Assessment.objects.bulk_create(
        [Assessment(campaign=campaign, organization=partner) for partner in partners]
    )
    return campaign


@transaction.atomic
def close_campaign(*, campaign: Campaign) -> Campaign:
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    return campaign


@transaction.atomic
def publish_scorecard(
    *, campaign: Campaign, visibility: str, name_partners: bool, publish: bool = True
) -> Campaign:
    campaign.is_published = publish
    campaign.visibility = visibility
    campaign.name_partners = name_partners
    campaign.save(update_fields=["is_published", "visibility", "name_partners"])
    return campaign


# --- Assessment workflow -----------------------------------------------------------------------


def _lock(assessment: Assessment) -> Assessment:
    """Re-read the row under a lock so that two concurrent transitions cannot both succeed."""
    return Assessment.objects.select_for_update().select_related("campaign").get(pk=assessment.pk)


def _ensure_editable_assessment(assessment: Assessment) -> None:
    if not assessment.campaign.is_open or assessment.status not in Assessment.EDITABLE_STATUSES:
        raise ValidationError(
            _("This assessment can no longer be changed (status: %(status)s).")
            % {"status": assessment.get_status_display()},
            code="not_editable",
        )


def _indicator_of(assessment: Assessment, indicator_id: int) -> Indicator:
    try:
        return Indicator.objects.get(
            pk=indicator_id, commitment__principle__framework_id=assessment.campaign.framework_id
        )
    except (Indicator.DoesNotExist, ValueError, TypeError) as error:
        raise ValidationError(_("Unknown indicator."), code="unknown_indicator") from error


def validate_value(indicator: Indicator, value: int | None) -> None:
    if value is None:
        return
    if indicator.kind == Indicator.Kind.SCALE and not 0 <= value <= 4:
        raise ValidationError(_("Choose a level from 0 to 4."), code="out_of_scale")
    if indicator.kind == Indicator.Kind.YES_NO and value not in (0, 1):
        raise ValidationError(_("Answer yes or no."), code="not_yes_no")
    if indicator.kind == Indicator.Kind.COMPUTED:
        raise ValidationError(
            _("This indicator is computed by the portal; it takes no answer."), code="computed"
        )


@transaction.atomic
def save_answer(
    *, assessment: Assessment, indicator: Indicator, value: int | None, comment: str
) -> Answer:
    assessment = _lock(assessment)
    _ensure_editable_assessment(assessment)
    indicator = _indicator_of(assessment, indicator.pk)
    validate_value(indicator, value)
    answer, _created = Answer.objects.update_or_create(
        assessment=assessment, indicator=indicator, defaults={"value": value, "comment": comment}
    )
    if assessment.status == Status.NOT_STARTED:
        assessment.status = Status.DRAFT
        assessment.save(update_fields=["status", "updated_at"])
    return answer


@transaction.atomic
def save_answers(*, assessment: Assessment, rows: list[tuple[int, int | None, str]]) -> int:
    """Save many answers at once (the offline workbook): all of them, or none."""
    for indicator_id, value, comment in rows:
        save_answer(
            assessment=assessment,
            indicator=_indicator_of(assessment, indicator_id),
            value=value,
            comment=comment,
        )
    return len(rows)


@transaction.atomic
def add_evidence(
    *,
    assessment: Assessment,
    indicator: Indicator,
    label: str,
    by: User,
    file: UploadedFile | None = None,
    link: str = "",
) -> Evidence:
    assessment = _lock(assessment)
    _ensure_editable_assessment(assessment)
    indicator = _indicator_of(assessment, indicator.pk)
    if bool(file) == bool(link):
        raise ValidationError(_("Attach either a file or a link."), code="file_or_link")
    if file:
        check_document(file)
    answer, _created = Answer.objects.get_or_create(assessment=assessment, indicator=indicator)
    if assessment.status == Status.NOT_STARTED:
        assessment.status = Status.DRAFT
        assessment.save(update_fields=["status", "updated_at"])
    return Evidence.objects.create(
        answer=answer, label=label, file=file or "", link=link, uploaded_by=by
    )


@transaction.atomic
def delete_evidence(*, evidence: Evidence) -> None:
    _ensure_editable_assessment(_lock(evidence.answer.assessment))
    evidence.file.delete(save=False)
    evidence.delete()


def missing_indicators(assessment: Assessment) -> list[Indicator]:
    """The self-assessed indicators of the assessment's framework that have no answer yet."""
    answered = Answer.objects.filter(assessment=assessment, value__isnull=False).values(
        "indicator_id"
    )
    return list(
        Indicator.objects.filter(
            commitment__principle__framework_id=assessment.campaign.framework_id
        )
        .exclude(kind=Indicator.Kind.COMPUTED)
        .exclude(pk__in=answered)
        .select_related("commitment__principle")
        .order_by("commitment__principle__position", "commitment__position", "position")
    )


def refresh_computed_answers(*, assessment: Assessment) -> None:
    """Record each computed indicator's value and provenance as of now."""
    campaign = assessment.campaign
    period = computed.CampaignPeriod(
        year=campaign.year, start=campaign.period_start, end=campaign.period_end
    )
    indicators = Indicator.objects.filter(
        commitment__principle__framework_id=campaign.framework_id, kind=Indicator.Kind.COMPUTED
    )
    for indicator in indicators:
        result = computed.compute(indicator.source_key, assessment.organization, period)
        Answer.objects.update_or_create(
            assessment=assessment,
            indicator=indicator,
            defaults={"computed_value": result.value, "provenance": list(result.provenance)},
        )


@transaction.atomic
def submit_assessment(*, assessment: Assessment, by: User) -> Assessment:
    assessment = _lock(assessment)
    _ensure_editable_assessment(assessment)
    missing = missing_indicators(assessment)
    if missing:
        raise ValidationError(
            [
                ValidationError(
                    _("Indicator %(code)s is not answered: %(text)s")
                    % {"code": indicator.code, "text": indicator.text},
                    code="missing",
                )
                for indicator in missing
            ]
        )
    refresh_computed_answers(assessment=assessment)
    assessment.status = Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by
    assessment.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return assessment


def _ensure_submitted(assessment: Assessment) -> None:
    if assessment.status != Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted assessment can be reviewed (status: %(status)s).")
            % {"status": assessment.get_status_display()},
            code="not_submitted",
        )


@transaction.atomic
def comment_answer(*, answer: Answer, comment: str) -> Answer:
    _ensure_submitted(_lock(answer.assessment))
    answer.secretariat_comment = comment
    answer.save(update_fields=["secretariat_comment", "updated_at"])
    return answer


@transaction.atomic
def return_assessment(*, assessment: Assessment, comment: str) -> Assessment:
    assessment = _lock(assessment)
    _ensure_submitted(assessment)
    if not comment.strip():
        raise ValidationError(_("Say what must be corrected."), code="comment_required")
    assessment.status = Status.RETURNED
    assessment.return_comment = comment
    assessment.save(update_fields=["status", "return_comment", "updated_at"])
    from code_of_conduct.tasks import notify_assessment_returned_task

    notify_assessment_returned_task.delay_on_commit(assessment.pk)
    return assessment


def notify_assessment_returned(*, assessment_id: int) -> int:
    """E-mail the PTF's staff, each in their language, that their assessment came back."""
    assessment = Assessment.objects.select_related("campaign", "organization").get(pk=assessment_id)
    if assessment.status != Status.RETURNED:
        return 0
    return _email_ptf(assessment=assessment, template="returned", days=0)


@transaction.atomic
def validate_assessment(*, assessment: Assessment) -> Assessment:
    assessment = _lock(assessment)
    _ensure_submitted(assessment)
    refresh_computed_answers(assessment=assessment)
    assessment.status = Status.VALIDATED
    assessment.validated_at = timezone.now()
    assessment.save(update_fields=["status", "validated_at", "updated_at"])
    return assessment


# --- Reminders ---------------------------------------------------------------------------------


def send_deadline_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail the PTF staff whose assessment is still open 14, 7 and 1 days before the deadline.

    Each (assessment, step) is recorded once: running the task twice sends nothing more.
    """
    today = today or timezone.localdate()
    sent = 0
    for days in REMINDER_DAYS:
        deadline = today + datetime.timedelta(days=days)
        pending = Assessment.objects.filter(
            campaign__status=Campaign.Status.OPEN,
            campaign__deadline=deadline,
            status__in=Assessment.EDITABLE_STATUSES,
        ).select_related("campaign", "organization")
        for assessment in pending:
            try:
                with transaction.atomic():
                    Reminder.objects.create(assessment=assessment, days_before=days)
                    sent += _email_ptf(assessment=assessment, template="reminder", days=days)
            except IntegrityError:
                continue
    return sent


def _email_ptf(*, assessment: Assessment, template: str, days: int) -> int:
    recipients = User.objects.filter(
        organization_id=assessment.organization_id, role=Role.PTF, is_active=True
    )
    count = 0
    for user in recipients:
        with translation.override(user.language):
            context = {
                "assessment": assessment,
                "days": days,
                "user": user,
                "portal_url": settings.PORTAL_BASE_URL,
            }
            subject = render_to_string(
                f"code_of_conduct/emails/{template}_subject.txt", context
            ).strip()
            body = render_to_string(f"code_of_conduct/emails/{template}_body.txt", context)
        send_mail(subject, body, None, [user.email])
        count += 1
    return count
