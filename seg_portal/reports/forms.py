from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from seg_portal.accounts.roles import Visibility
from seg_portal.reports import registry
from seg_portal.reports.models import Report
from seg_portal.reports.services import ReportError, resolve_request


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind.slug, str(kind.label)) for kind in registry.all_kinds()]


class RequestReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of report"), choices=_kind_choices)
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=16,
        help_text=_(
            "For example 2026-10 (month), 2026-Q3 (quarter) or 2026 (year). "
            "Leave empty for the latest complete period."
        ),
    )
    subject = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=64,
        help_text=_("Only for reports made per subject (a meeting, an organisation)."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    audience = forms.ChoiceField(
        label=_("Intended audience"),
        required=False,
        choices=[("", _("The kind's default")), *Visibility.choices],
        help_text=_(
            "Printed on the cover; what the report shows is chosen for it. Publishing to "
            "another audience renders the report again for that audience."
        ),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            _kind, data["period"], data["subject"] = resolve_request(
                kind=data["kind"], period=data.get("period", ""), subject=data.get("subject", "")
            )
        except ReportError as error:
            raise forms.ValidationError(str(error)) from error
        return data


class PublishReportForm(forms.Form):
    audience = forms.ChoiceField(label=_("Audience"), choices=Visibility.choices)


class ArchiveFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of report"),
        required=False,
        choices=lambda: [("", _("All kinds")), *_kind_choices()],
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=16,
        help_text=_("For example 2026 or 2026-Q3."),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *settings.LANGUAGES]
    )


class ManageFilterForm(ArchiveFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Report.Status.choices]
    )


class SubscriptionForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("E-mail me when one of these reports is published to me"),
        required=False,
        choices=_kind_choices,
        widget=forms.CheckboxSelectMultiple,
    )
