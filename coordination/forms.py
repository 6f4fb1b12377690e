from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seg_portal.accounts.models import Organization, User
from seg_portal.accounts.roles import Visibility

from .models import (
    Body,
    ChairTerm,
    ChecklistAnswer,
    ChecklistQuestion,
    ContextNote,
    Decision,
    Invitation,
    Meeting,
    Membership,
    Representative,
)


class BodyForm(forms.ModelForm):
    lead_users = forms.ModelMultipleChoiceField(
        label=_("Lead focal points"),
        queryset=User.objects.filter(is_active=True).select_related("organization"),
        required=False,
    )

    class Meta:
        model = Body
        fields = [
            "kind",
            "name",
            "acronym",
            "mandate",
            "parent",
            "lead_organization",
            "government_counterpart",
            "is_confidential",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lead_users"].initial = list(self.instance.lead_users.all())
            self.fields["parent"].queryset = Body.objects.exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Body.Kind.SUBGROUP and not data.get("parent"):
            self.add_error("parent", _("A sub-group belongs to a parent body."))
        return data


def _date_input():
    # ISO, whatever the language: a browser's date picker reads and writes only YYYY-MM-DD.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.order_by("acronym")
    )
    joined_on = forms.DateField(
        label=_("Member since"),
        initial=timezone.localdate,
        required=False,
        help_text=_("Today when left empty."),
        widget=_date_input(),
    )


class MembershipForm(forms.ModelForm):
    """The join date of an existing member: the attendance rate counts meetings from it."""

    class Meta:
        model = Membership
        fields = ["joined_on"]
        widgets = {"joined_on": _date_input()}


class RepresentativeForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(is_active=True).order_by("last_name", "email"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Representative.Role.choices)

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        if membership is not None:
            self.fields["user"].queryset = User.objects.filter(
                is_active=True, organization_id=membership.organization_id
            ).order_by("last_name", "email")


class ChairTermForm(forms.ModelForm):
    class Meta:
        model = ChairTerm
        fields = ["organization", "role", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The term cannot end before it starts."))
        return data


class MeetingForm(forms.ModelForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time (Bamako)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("End time (Bamako)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    repeat_monthly = forms.IntegerField(
        label=_("Repeat monthly (number of further meetings)"),
        min_value=0,
        max_value=24,
        initial=0,
        required=False,
    )
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["title", "place", "online_url", "visibility"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            start = timezone.localtime(self.instance.starts_at)
            self.fields["date"].initial = start.date()
            self.fields["start_time"].initial = start.time()
            self.fields["end_time"].initial = timezone.localtime(self.instance.ends_at).time()
            del self.fields["repeat_monthly"]

    def clean(self):
        data = super().clean()
        date, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if date and start and end:
            if end <= start:
                self.add_error("end_time", _("The meeting must end after it starts."))
            else:
                tz = timezone.get_current_timezone()
                import datetime as dt

                self.instance.starts_at = dt.datetime.combine(date, start, tzinfo=tz)
                self.instance.ends_at = dt.datetime.combine(date, end, tzinfo=tz)
        if not data.get("place") and not data.get("online_url"):
            raise ValidationError(_("Give a place or an online link."))
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=300)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.INTERNAL
    )
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None, required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Your reply"),
        choices=[c for c in Invitation.Reply.choices if c[0] != Invitation.Reply.PENDING],
        widget=forms.RadioSelect,
    )
    substitute_name = forms.CharField(
        label=_("Name of the substitute"), max_length=200, required=False
    )


class AttendanceForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations present"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    women_count = forms.IntegerField(label=_("Women present"), min_value=0, max_value=999)
    men_count = forms.IntegerField(label=_("Men present"), min_value=0, max_value=999)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = Organization.objects.filter(
            body_memberships__body_id=meeting.body_id
        ).order_by("acronym")


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes (Markdown)"), widget=forms.Textarea(attrs={"rows": 16}), max_length=100_000
    )


class PublishForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Publish to"), choices=Visibility.choices)


class ChecklistForm(forms.Form):
    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            question, answer = row["question"], row["answer"]
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=question.text,
                choices=ChecklistAnswer.Answer.choices,
                initial=answer.answer if answer else None,
                widget=forms.RadioSelect,
            )
            self.fields[f"c{question.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=answer.comment if answer else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            row["question"].pk: (
                self.cleaned_data[f"q{row['question'].pk}"],
                self.cleaned_data[f"c{row['question'].pk}"],
            )
            for row in self.rows
        }


class ChecklistQuestionForm(forms.ModelForm):
    class Meta:
        model = ChecklistQuestion
        fields = ["text", "position", "is_active"]


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision or recommendation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible_organization = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organization.objects.order_by("acronym")
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class DecisionUpdateForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=Decision.Status.choices)


# "All" as the empty choice of a filter: "Tous" (statut, type, thème); feminine nouns (instance,
# organisation) need "Toutes".
ALL_FEMININE = pgettext_lazy("filter on a feminine noun: organisation, body", "All")


class RegisterFilterForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.none(), required=False, empty_label=ALL_FEMININE
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.order_by("acronym"),
        required=False,
        empty_label=ALL_FEMININE,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Decision.Status.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class BodyFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *Body.Kind.choices], required=False
    )
    lead_organization = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=ALL_FEMININE,
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organization"].queryset = organizations


class ContextNoteForm(forms.ModelForm):
    class Meta:
        model = ContextNote
        fields = ["date", "regions", "theme", "risk_level", "summary", "source", "visibility"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "regions": forms.CheckboxSelectMultiple,
        }
