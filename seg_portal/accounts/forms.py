import re

import pycountry
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from seg_portal.accounts import services
from seg_portal.accounts.models import Organization, User
from seg_portal.accounts.roles import Role

# An IATI organisation identifier is a registration agency prefix (an ISO country code, or XM/XI
# for international agencies) followed by the organisation's number in that register.
IATI_ORGANISATION_IDENTIFIER = re.compile(r"^(?P<prefix>[A-Z]{2})(-[A-Za-z0-9_.]+)+$")
INTERNATIONAL_PREFIXES = {"XM", "XI"}


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organisations by acronym and full name, so that two similar acronyms cannot be confused."""

    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.acronym} — {obj.name}"


class _RoleOrganizationMixin:
    def _check_role_matches_organization(self, cleaned_data: dict) -> None:
        role = cleaned_data.get("role")
        organization = cleaned_data.get("organization")
        if role and organization:
            try:
                services.check_role_matches_organization(role=role, organization=organization)
            except ValidationError as error:
                self.add_error("organization", error)


class InvitationForm(_RoleOrganizationMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    organization = OrganizationChoiceField(
        label=_("Organisation"), queryset=Organization.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PTF)
    language = forms.ChoiceField(
        label=_("Language of the portal and e-mails"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "A user with this e-mail address already exists. Open their page to resend "
                    "their invitation or to reactivate them."
                )
            )
        return email

    def clean(self) -> dict:
        cleaned_data = super().clean()
        self._check_role_matches_organization(cleaned_data)
        return cleaned_data


class UserForm(_RoleOrganizationMixin, forms.Form):
    organization = OrganizationChoiceField(
        label=_("Organisation"), queryset=Organization.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)

    def clean(self) -> dict:
        cleaned_data = super().clean()
        self._check_role_matches_organization(cleaned_data)
        return cleaned_data


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.all(),
        required=False,
        empty_label=_("All organisations"),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("yes", _("Active")), ("no", _("Deactivated or invited"))],
        required=False,
    )
    two_factor = forms.ChoiceField(
        label=_("Two-factor authentication"),
        choices=[("", _("All")), ("yes", _("Enabled")), ("no", _("Not enabled"))],
        required=False,
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "organization": data["organization"],
            "role": data["role"],
            "active": {"yes": True, "no": False}.get(data["active"]),
            "two_factor": {"yes": True, "no": False}.get(data["two_factor"]),
        }


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Organization
        fields = ["name", "acronym", "kind", "iati_identifier", "country", "website"]

    def clean_iati_identifier(self) -> str:
        identifier = self.cleaned_data["iati_identifier"].strip()
        if not identifier:
            return ""
        match = IATI_ORGANISATION_IDENTIFIER.match(identifier)
        prefix = match.group("prefix") if match else ""
        if not match or (
            prefix not in INTERNATIONAL_PREFIXES and pycountry.countries.get(alpha_2=prefix) is None
        ):
            raise ValidationError(
                _(
                    "Enter an IATI organisation identifier: a registration agency prefix and a "
                    "number, such as CH-4 or XM-DAC-41114."
                )
            )
        return identifier

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if country and pycountry.countries.get(alpha_2=country) is None:
            raise ValidationError(
                _("Enter a two-letter ISO 3166 country code, such as ML for Mali.")
            )
        return country
