from django.contrib import admin

from .models import (
    Body,
    ChairTerm,
    ChecklistQuestion,
    ContextNote,
    Decision,
    DecisionUpdate,
    Meeting,
    Membership,
    Representative,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


class ChairTermInline(admin.TabularInline):
    model = ChairTerm
    extra = 0


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "lead_organization", "is_confidential"]
    list_filter = ["kind", "is_confidential"]
    search_fields = ["name", "acronym"]
    filter_horizontal = ["lead_users"]
    inlines = [MembershipInline, ChairTermInline]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["user", "membership", "role"]
    list_select_related = ["user", "membership__body", "membership__organization"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "starts_at", "status", "minutes_status"]
    list_filter = ["status", "minutes_status", "body"]
    list_select_related = ["body"]
    date_hierarchy = "starts_at"


class DecisionUpdateInline(admin.TabularInline):
    model = DecisionUpdate
    extra = 0


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "responsible_organization", "due_date", "status"]
    list_filter = ["status"]
    list_select_related = ["responsible_organization"]
    inlines = [DecisionUpdateInline]


@admin.register(ChecklistQuestion)
class ChecklistQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "position", "is_active"]


@admin.register(ContextNote)
class ContextNoteAdmin(admin.ModelAdmin):
    list_display = ["date", "theme", "risk_level", "visibility"]
    list_filter = ["theme", "risk_level", "visibility"]
