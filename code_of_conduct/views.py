import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from code_of_conduct import forms, permissions, selectors, services, xlsx
from code_of_conduct.models import Commitment, Indicator, Principle
from seg_portal.files import neutralise_cell


def _secretariat_only(user) -> None:
    if not permissions.can_manage_framework(user):
        raise PermissionDenied


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


# --- Framework ---------------------------------------------------------------------------------


@require_GET
@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    _secretariat_only(request.user)
    frameworks = selectors.list_frameworks(user=request.user)
    return render(
        request,
        "code_of_conduct/framework_list.html",
        {"frameworks": frameworks, "form": forms.FrameworkLabelForm()},
    )


@require_POST
@login_required
def framework_create_default(request: HttpRequest) -> HttpResponse:
    _secretariat_only(request.user)
    form = forms.FrameworkLabelForm(request.POST)
    if not form.is_valid():
        frameworks = selectors.list_frameworks(user=request.user)
        return render(
            request,
            "code_of_conduct/framework_list.html",
            {"frameworks": frameworks, "form": form},
            status=400,
        )
    framework = services.create_default_framework(label=form.cleaned_data["label"])
    messages.success(request, _("The default framework was created; adapt it as needed."))
    return redirect(framework)


@require_GET
@login_required
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _secretariat_only(request.user)
    framework = selectors.get_framework(user=request.user, pk=pk)
    return render(
        request,
        "code_of_conduct/framework_detail.html",
        {
            "framework": framework,
            "principles": selectors.framework_tree(framework),
            "frozen": framework.is_frozen,
            "copy_form": forms.FrameworkLabelForm(),
        },
    )


@require_POST
@login_required
def framework_copy(request: HttpRequest, pk: int) -> HttpResponse:
    _secretariat_only(request.user)
    framework = selectors.get_framework(user=request.user, pk=pk)
    form = forms.FrameworkLabelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("label", [])))
        return redirect(framework)
    copy = services.copy_framework(framework=framework, label=form.cleaned_data["label"])
    messages.success(request, _("A new version of the framework was created."))
    return redirect(copy)


def _item_form(request, *, form, save, framework, title: str, instance=None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        try:
            save(item)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(framework)
    return render(
        request,
        "code_of_conduct/form_page.html",
        {"form": form, "title": title, "back_url": framework.get_absolute_url()},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def principle_create(request: HttpRequest, pk: int) -> HttpResponse:
    _secretariat_only(request.user)
    framework = selectors.get_framework(user=request.user, pk=pk)
    form = forms.PrincipleForm(request.POST or None, instance=Principle(framework=framework))
    return _item_form(
        request,
        form=form,
        save=lambda item: services.save_principle(principle=item),
        framework=framework,
        title=_("New principle"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def principle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _secretariat_only(request.user)
    principle = selectors.get_principle(user=request.user, pk=pk)
    form = forms.PrincipleForm(request.POST or None, instance=principle)
    return _item_form(
        request,
        form=form,
        save=lambda item: services.save_principle(principle=item),
        framework=principle.framework,
        title=_("Edit the principle"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    _secretariat_only(request.user)
    principle = selectors.get_principle(user=request.user, pk=pk)
    form = forms.CommitmentForm(request.POST or None, instance=Commitment(principle=principle))
    return _item_form(
        request,
        form=form,
        save=lambda item: services.save_commitment(commitment=item),
        framework=principle.framework,
        title=_("New commitment"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _secretariat_only(request.user)
    commitment = selectors.get_commitment(user=request.user, pk=pk)
    form = forms.CommitmentForm(request.POST or None, instance=commitment)
    return _item_form(
        request,
        form=form,
        save=lambda item: services.save_commitment(commitment=item),
        framework=commitment.principle.framework,
        title=_("Edit the commitment"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    _secretariat_only(request.user)
    commitment = selectors.get_commitment(user=request.user, pk=pk)
    form = forms.IndicatorForm(request.POST or None, instance=Indicator(commitment=commitment))
    return _item_form(
        request,
        form=form,
        save=lambda item: services.save_indicator(indicator=item),
        framework=commitment.principle.framework,
        title=_("New indicator"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _secretariat_only(request.user)
    indicator = selectors.get_indicator(user=request.user, pk=pk)
    form = forms.IndicatorForm(request.POST or None, instance=indicator)
    return _item_form(
        request,
        form=form,
        save=lambda item: services.save_indicator(indicator=item),
        framework=indicator.commitment.principle.framework,
        title=_("Edit the indicator"),
    )


@require_POST
@login_required
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _secretariat_only(request.user)
    indicator = selectors.get_indicator(user=request.user, pk=pk)
    framework = indicator.commitment.principle.framework
    try:
        services.delete_indicator(indicator=indicator)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("The indicator was deleted."))
    return redirect(framework)


# --- Campaigns ---------------------------------------------------------------------------------


@require_GET
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_campaigns(request.user):
        raise PermissionDenied
    page = Paginator(selectors.list_campaigns(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "code_of_conduct/campaign_list.html",
        {"page_obj": page, "campaigns": page.object_list},
    )


@require_http_methods(["GET", "POST"])
@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_campaigns(request.user):
        raise PermissionDenied
    form = forms.CampaignForm(request.POST or None)
    form.fields["framework"].queryset = selectors.list_frameworks(user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.open_campaign(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The campaign is open; every PTF has its assessment."))
            return redirect(campaign)
    return render(
        request,
        "code_of_conduct/form_page.html",
        {"form": form, "title": _("Open a campaign")},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_campaigns(request.user):
        raise PermissionDenied
    campaign = selectors.get_campaign(user=request.user, pk=pk)
    progress = selectors.campaign_progress(campaign=campaign, user=request.user)
    publish_form = forms.PublishForm(
        initial={
            "publish": campaign.is_published,
            "visibility": campaign.visibility,
            "name_partners": campaign.name_partners,
        }
    )
    return render(
        request,
        "code_of_conduct/campaign_detail.html",
        {"campaign": campaign, "progress": progress, "publish_form": publish_form},
    )


@require_POST
@login_required
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_campaigns(request.user):
        raise PermissionDenied
    campaign = selectors.get_campaign(user=request.user, pk=pk)
    services.close_campaign(campaign=campaign)
    messages.success(request, _("The campaign is closed."))
    return redirect(campaign)


@require_POST
@login_required
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_campaigns(request.user):
        raise PermissionDenied
    campaign = selectors.get_campaign(user=request.user, pk=pk)
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        services.publish_scorecard(
            campaign=campaign,
            visibility=form.cleaned_data["visibility"],
            name_partners=form.cleaned_data["name_partners"],
            publish=form.cleaned_data["publish"],
        )
        messages.success(request, _("Publication settings saved."))
    else:
        messages.error(request, _("Choose a valid visibility."))
    return redirect(campaign)


# --- Assessments -------------------------------------------------------------------------------


@require_GET
@login_required
def my_assessments(request: HttpRequest) -> HttpResponse:
    if not request.user.is_ptf:
        raise PermissionDenied
    return render(
        request,
        "code_of_conduct/assessment_list.html",
        {"assessments": selectors.my_assessments(user=request.user)},
    )


def _assessment_context(request, assessment, **extra) -> dict:
    user = request.user
    can_edit = permissions.can_edit_assessment(user, assessment)
    can_review = permissions.can_review_assessment(user, assessment)
    return {
        "assessment": assessment,
        "blocks": selectors.assessment_sheet(assessment),
        "can_edit": can_edit,
        "can_review": can_review,
        "return_form": forms.ReturnForm(),
        "evidence_form": forms.EvidenceForm(),
        **extra,
    }


@require_GET
@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_assessment(user=request.user, pk=pk)
    return render(
        request,
        "code_of_conduct/assessment_detail.html",
        _assessment_context(request, assessment),
    )


def _editable_assessment(request, pk: int):
    assessment = selectors.get_assessment(user=request.user, pk=pk)
    if not permissions.can_edit_assessment(request.user, assessment):
        raise PermissionDenied
    return assessment


@require_POST
@login_required
def answer_save(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    assessment = _editable_assessment(request, pk)
    indicator = get_object_or_404(
        Indicator,
        pk=indicator_pk,
        commitment__principle__framework_id=assessment.campaign.framework_id,
    )
    form = forms.AnswerForm(request.POST, indicator=indicator)
    error = ""
    answer = None
    if form.is_valid():
        try:
            answer = services.save_answer(
                assessment=assessment,
                indicator=indicator,
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            error = " ".join(_errors(exc))
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if request.htmx:
        return render(
            request,
            "code_of_conduct/_answer_status.html",
            {"saved": answer is not None, "error": error},
            status=200 if answer else 400,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Answer saved."))
    return redirect(f"{assessment.get_absolute_url()}#indicator-{indicator.pk}")


@require_POST
@login_required
def evidence_add(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    assessment = _editable_assessment(request, pk)
    indicator = get_object_or_404(
        Indicator,
        pk=indicator_pk,
        commitment__principle__framework_id=assessment.campaign.framework_id,
    )
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                assessment=assessment,
                indicator=indicator,
                label=form.cleaned_data["label"],
                file=form.cleaned_data["file"],
                link=form.cleaned_data["link"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(_errors(error)))
        else:
            messages.success(request, _("Evidence attached."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{assessment.get_absolute_url()}#indicator-{indicator.pk}")


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.get_evidence(user=request.user, pk=pk)
    if not evidence.file:
        raise PermissionDenied
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.file.name.rsplit("/", 1)[-1],
    )


@require_POST
@login_required
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.get_evidence(user=request.user, pk=pk)
    assessment = evidence.answer.assessment
    if not permissions.can_edit_assessment(request.user, assessment):
        raise PermissionDenied
    services.delete_evidence(evidence=evidence)
    messages.success(request, _("The evidence was removed."))
    return redirect(assessment)


@require_POST
@login_required
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _editable_assessment(request, pk)
    try:
        services.submit_assessment(assessment=assessment, by=request.user)
    except ValidationError as error:
        return render(
            request,
            "code_of_conduct/assessment_detail.html",
            _assessment_context(request, assessment, submit_errors=_errors(error)),
            status=400,
        )
    messages.success(request, _("Your assessment was submitted to the secretariat."))
    return redirect(assessment)


def _reviewable(request, pk: int):
    assessment = selectors.get_assessment(user=request.user, pk=pk)
    if not permissions.can_review_assessment(request.user, assessment):
        raise PermissionDenied
    return assessment


@require_POST
@login_required
def answer_comment(request: HttpRequest, pk: int) -> HttpResponse:
    answer = selectors.get_answer(user=request.user, pk=pk)
    if not permissions.can_review_assessment(request.user, answer.assessment):
        raise PermissionDenied
    form = forms.SecretariatCommentForm(request.POST)
    if form.is_valid():
        services.comment_answer(answer=answer, comment=form.cleaned_data["comment"])
        messages.success(request, _("Comment saved."))
    return redirect(f"{answer.assessment.get_absolute_url()}#indicator-{answer.indicator_id}")


@require_POST
@login_required
def assessment_return(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _reviewable(request, pk)
    form = forms.ReturnForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "code_of_conduct/assessment_detail.html",
            _assessment_context(request, assessment, return_form=form),
            status=400,
        )
    services.return_assessment(assessment=assessment, comment=form.cleaned_data["comment"])
    messages.success(request, _("The assessment was returned to the PTF."))
    return redirect(assessment)


@require_POST
@login_required
def assessment_validate(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _reviewable(request, pk)
    services.validate_assessment(assessment=assessment)
    messages.success(request, _("The assessment is validated."))
    return redirect(assessment)


# --- Offline workbook --------------------------------------------------------------------------

_WORKBOOK_SESSION_KEY = "coc_workbook_%s"


@require_GET
@login_required
def workbook_download(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_assessment(user=request.user, pk=pk)
    response = HttpResponse(
        xlsx.export_assessment(assessment),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"triple-c-{assessment.campaign.year}-{assessment.organization.acronym}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def workbook_upload(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _editable_assessment(request, pk)
    form = forms.WorkbookUploadForm(request.POST or None, request.FILES or None)
    preview = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                preview = xlsx.read_assessment(
                    assessment=assessment, upload=form.cleaned_data["workbook"]
                )
            except ValidationError as error:
                form.add_error("workbook", error)
            else:
                if preview.is_valid:
                    request.session[_WORKBOOK_SESSION_KEY % assessment.pk] = preview.as_data()
                    status = 200
    return render(
        request,
        "code_of_conduct/workbook_upload.html",
        {"assessment": assessment, "form": form, "preview": preview},
        status=status,
    )


@require_POST
@login_required
def workbook_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _editable_assessment(request, pk)
    rows = request.session.pop(_WORKBOOK_SESSION_KEY % assessment.pk, None)
    if not rows:
        messages.error(request, _("Upload the workbook again: its preview has expired."))
        return redirect("code_of_conduct:workbook_upload", pk=assessment.pk)
    try:
        count = services.save_answers(
            assessment=assessment, rows=[(int(i), v, str(c)) for i, v, c in rows]
        )
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
        return redirect("code_of_conduct:workbook_upload", pk=assessment.pk)
    messages.success(
        request,
        ngettext(
            "%(count)s answer was loaded from the workbook.",
            "%(count)s answers were loaded from the workbook.",
            count,
        )
        % {"count": count},
    )
    return redirect(assessment)


# --- Scorecards --------------------------------------------------------------------------------


@require_GET
def scorecard_list(request: HttpRequest) -> HttpResponse:
    campaigns = selectors.published_campaigns(user=request.user)
    return render(
        request,
        "code_of_conduct/scorecard_list.html",
        {"campaigns": campaigns, "trends": selectors.trends(user=request.user)},
    )


@require_GET
def scorecard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_published_campaign(user=request.user, pk=pk)
    return render(
        request,
        "code_of_conduct/scorecard_detail.html",
        {"card": selectors.scorecard(campaign=campaign, user=request.user)},
    )


def _scorecard_table(card) -> list[list]:
    header = [_("PTF"), *[f"{s.principle.code}. {s.principle.title}" for s in card.principles]]
    header += [_("Overall score"), _("Rating")]
    rows = [header]
    for row in card.rows:
        rows.append(
            [
                row.label,
                *[cell.score.score for cell in row.cells],
                row.overall.score,
                row.overall.rating_label,
            ]
        )
    return rows


@require_GET
def scorecard_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    campaign = selectors.get_published_campaign(user=request.user, pk=pk)
    card = selectors.scorecard(campaign=campaign, user=request.user)
    table = _scorecard_table(card)
    filename = f"triple-c-scorecard-{campaign.year}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in table:
            writer.writerow([neutralise_cell(str(v) if v is not None else "") for v in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(campaign.year)
    for row in table:
        sheet.append([float(v) if hasattr(v, "quantize") else neutralise_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
