from django import forms
from django.utils.translation import gettext_lazy as _

from code_of_conduct import computed
from code_of_conduct.models import (
    Campaign,
    Commitment,
    FrameworkVersion,
    Indicator,
    Principle,
)
from seg_portal.accounts.roles import Visibility
from seg_portal.files import max_upload_bytes


class FrameworkLabelForm(forms.Form):
    label = forms.CharField(label=_("Label of the new version"), max_length=150)

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        if FrameworkVersion.objects.filter(label=label).exists():
            raise forms.ValidationError(_("A framework version with this label already exists."))
        return label


class PrincipleForm(forms.ModelForm):
    class Meta:
        model = Principle
        fields = ["code", "position", "title_fr", "title_en", "description_fr", "description_en"]


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["code", "position", "text_fr", "text_en"]
        widgets = {
            "text_fr": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
        }


class IndicatorForm(forms.ModelForm):
    source_key = forms.ChoiceField(label=_("computed source"), required=False)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "position",
            "text_fr",
            "text_en",
            "kind",
            "source_key",
            "levels_fr",
            "levels_en",
            "baseline",
            "target",
        ]
        widgets = {
            "text_fr": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "levels_fr": forms.Textarea(attrs={"rows": 5}),
            "levels_en": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_key"].choices = [("", "—"), *computed.source_choices()]
        for name in ("baseline", "target"):
            self.fields[name].min_value = 0
            self.fields[name].max_value = 4
            self.fields[name].help_text = _("On the 0-4 scale (yes = 4; a rate of 100 % = 4).")

    def clean(self):
        cleaned = super().clean()
        kind, key = cleaned.get("kind"), cleaned.get("source_key")
        if kind == Indicator.Kind.COMPUTED and not key:
            self.add_error("source_key", _("Choose the source a computed indicator reads."))
        if kind != Indicator.Kind.COMPUTED:
            cleaned["source_key"] = ""
        baseline, target = cleaned.get("baseline"), cleaned.get("target")
        for name in ("baseline", "target"):
            value = cleaned.get(name)
            if value is not None and not 0 <= value <= 4:
                self.add_error(name, _("Give a value between 0 and 4."))
        if baseline is not None and target is not None and target < baseline:
            self.add_error("target", _("The target cannot be below the baseline."))
        return cleaned


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["year", "framework", "period_start", "period_end", "deadline"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return cleaned


class PublishForm(forms.Form):
    publish = forms.BooleanField(label=_("Publish the scorecard"), required=False)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    name_partners = forms.BooleanField(
        label=_("Name the PTF (otherwise PTF A, PTF B…)"), required=False
    )


class AnswerForm(forms.Form):
    value = forms.TypedChoiceField(label=_("Answer"), coerce=int, empty_value=None, required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator.kind == Indicator.Kind.YES_NO:
            choices = [(1, _("Yes")), (0, _("No"))]
        else:
            levels = indicator.levels
            choices = [
                (level, levels[level] if level < len(levels) else str(level)) for level in range(5)
            ]
        self.fields["value"].choices = [("", _("— not answered —")), *choices]


class EvidenceForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("file")) == bool(cleaned.get("link")):
            raise forms.ValidationError(_("Attach either a file or a link."))
        return cleaned


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What must be corrected"), widget=forms.Textarea(attrs={"rows": 4})
    )


class SecretariatCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Secretariat's comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Filled workbook (.xlsx)"),
        help_text=_("The file downloaded from this page, filled in offline."),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(_("The file is too large."))
        return upload
