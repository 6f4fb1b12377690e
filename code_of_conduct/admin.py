from django.contrib import admin

from code_of_conduct.models import (
    Answer,
    Assessment,
    Campaign,
    Commitment,
    Evidence,
    FrameworkVersion,
    Indicator,
    Principle,
)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["label", "based_on", "created_at"]


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["code", "title_fr", "framework"]
    list_filter = ["framework"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["code", "text_fr", "principle"]
    list_filter = ["principle__framework"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "text_fr", "kind", "source_key", "baseline", "target"]
    list_filter = ["kind", "commitment__principle__framework"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "framework", "deadline", "status", "is_published", "visibility"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["indicator", "value", "computed_value", "comment", "secretariat_comment"]
    raw_id_fields = ["indicator"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["organization", "campaign", "status", "submitted_at", "validated_at"]
    list_filter = ["campaign", "status"]
    list_select_related = ["organization", "campaign"]
    inlines = [AnswerInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["label", "answer", "created_at"]
    raw_id_fields = ["answer"]
