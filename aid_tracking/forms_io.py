"""Forms of the import pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from seg_portal.accounts.models import Organization
from seg_portal.files import check_size


class IatiUploadForm(forms.Form):
    file = forms.FileField(
        label=_("IATI activity file (XML)"),
        help_text=_("An IATI 2.0x activity file; only the activities for Mali are imported."),
    )
    organization = forms.ModelChoiceField(
        label=_("Import for"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("The reporting organisation named in the file"),
        help_text=_("Attribute every activity of the file to this organisation."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user.is_secretariat:
            self.fields["organization"].queryset = Organization.objects.filter(
                is_active=True
            ).order_by("acronym")
        else:
            del self.fields["organization"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_size(upload)
        return upload


class TableUploadForm(forms.Form):
    KIND_CHOICES = [
        ("activities", _("Activities")),
        ("transactions", _("Transactions")),
        ("plans", _("Forward plans (planned disbursements)")),
    ]
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("Use the template: one row per item, the first row holding the column names."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_size(upload)
        return upload
