"""The activity list's filters (django-filter); the queryset they narrow is already visible."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Codelist,
    CodelistItem,
    CreddAxis,
    Region,
    SectorCategory,
)
from seg_portal.accounts.models import Organization


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    organization = django_filters.ModelChoiceFilter(
        label=_("Partner (PTF)"),
        field_name="reporting_organization",
        queryset=Organization.objects.filter(kind__in=Organization.PTF_KINDS, is_active=True),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=SectorCategory.objects.all(),
        to_field_name="code",
        method="filter_sector",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), method="filter_region"
    )
    status = django_filters.ModelChoiceFilter(
        label=_("Activity status"),
        field_name="activity_status",
        queryset=CodelistItem.objects.filter(codelist=Codelist.ACTIVITY_STATUS),
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": 1990, "max": 2100}),
    )
    credd = django_filters.ModelChoiceFilter(
        label=_("CREDD axis"),
        field_name="credd_axes",
        queryset=CreddAxis.objects.all(),
        method="filter_credd",
    )
    modality = django_filters.ModelChoiceFilter(
        label=_("Aid type (modality)"),
        field_name="aid_type",
        queryset=CodelistItem.objects.filter(codelist=Codelist.AID_TYPE, is_active=True),
    )
    publication = django_filters.ChoiceFilter(
        label=_("Publication"),
        field_name="publication_status",
        choices=Activity.PublicationStatus.choices,
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only those who may see drafts choose between drafts and published activities.
        if not (user and user.is_authenticated and (user.is_secretariat or user.is_ptf)):
            del self.filters["publication"]

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words[:8]:
            queryset = queryset.filter(
                Q(title_fr__icontains=word)
                | Q(title_en__icontains=word)
                | Q(description_fr__icontains=word)
                | Q(description_en__icontains=word)
                | Q(iati_identifier__icontains=word)
            )
        return queryset

    def filter_sector(self, queryset, name, value):
        return queryset.filter(
            pk__in=ActivitySector.objects.filter(sector__category=value).values("activity_id")
        )

    def filter_region(self, queryset, name, value):
        return queryset.filter(
            pk__in=ActivityLocation.objects.filter(region=value).values("activity_id")
        )

    def filter_credd(self, queryset, name, value):
        return queryset.filter(
            pk__in=Activity.credd_axes.through.objects.filter(creddaxis=value).values("activity_id")
        )

    def filter_year(self, queryset, name, value):
        """Activities running during the year (between their start and end dates)."""
        year = int(value)
        return queryset.annotate(
            start=Coalesce("actual_start", "planned_start"),
            end=Coalesce("actual_end", "planned_end"),
        ).filter(
            Q(start__lte=datetime.date(year, 12, 31)) | Q(start__isnull=True),
            Q(end__gte=datetime.date(year, 1, 1)) | Q(end__isnull=True),
        )
