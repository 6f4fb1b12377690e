from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from seg_portal.accounts import permissions, selectors, services
from seg_portal.accounts.forms import InvitationForm, OrganizationForm, UserFilterForm, UserForm

USERS_PER_PAGE = 25
ORGANIZATIONS_PER_PAGE = 50


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Users -----------------------------------------------------------------------------------


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_manage_users(request.user))
    filter_form = UserFilterForm(request.GET or None)
    users = selectors.list_users(user=request.user, **filter_form.filters())
    page_obj = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    page_obj.object_list = list(page_obj.object_list)
    return render(
        request,
        "accounts/user_list.html",
        {"filter_form": filter_form, "page_obj": page_obj, "users": page_obj.object_list},
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_invite(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_manage_users(request.user))
    form = InvitationForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.invite_user(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": sent.invitation.user.email},
            )
            return redirect("accounts:user_detail", pk=sent.invitation.user.pk)
    return render(
        request,
        "accounts/user_invite.html",
        {"form": form, "valid_days": settings.INVITATION_VALID_DAYS},
    )


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_manage_users(request.user))
    person = selectors.get_user(user=request.user, pk=pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            "invitations": selectors.invitations_of(user=request.user, invitee=person)[:10],
            "can_edit": permissions.can_edit_user(request.user, person),
            "can_deactivate": permissions.can_deactivate_user(request.user, person),
            "can_resend": not person.has_usable_password(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_manage_users(request.user))
    person = selectors.get_user(user=request.user, pk=pk)
    _require(permissions.can_edit_user(request.user, person))
    form = UserForm(
        request.POST or None,
        initial={
            "organization": person.organization,
            "role": person.role,
            "job_title": person.job_title,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(user=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("accounts:user_detail", pk=person.pk)
    return render(request, "accounts/user_edit.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_manage_users(request.user))
    person = selectors.get_user(user=request.user, pk=pk)
    _require(permissions.can_deactivate_user(request.user, person))
    if request.method == "POST":
        services.deactivate_user(user=person, by=request.user)
        messages.success(
            request, _("%(name)s can no longer log in.") % {"name": person.get_full_name()}
        )
        return redirect("accounts:user_detail", pk=person.pk)
    return render(request, "accounts/user_confirm.html", {"person": person, "action": "deactivate"})


@login_required
@require_http_methods(["GET", "POST"])
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_manage_users(request.user))
    person = selectors.get_user(user=request.user, pk=pk)
    _require(permissions.can_deactivate_user(request.user, person))
    if request.method == "POST":
        services.reactivate_user(user=person, by=request.user)
        messages.success(
            request, _("%(name)s can log in again.") % {"name": person.get_full_name()}
        )
        return redirect("accounts:user_detail", pk=person.pk)
    return render(request, "accounts/user_confirm.html", {"person": person, "action": "reactivate"})


@require_POST
@login_required
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_manage_users(request.user))
    person = selectors.get_user(user=request.user, pk=pk)
    try:
        services.resend_invitation(user=person, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("A new invitation was sent to %(email)s.") % {"email": person.email}
        )
    return redirect("accounts:user_detail", pk=person.pk)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_manage_users(request.user))
    invitation = selectors.get_invitation(user=request.user, pk=pk)
    _require(permissions.can_manage_invitation(request.user, invitation))
    services.revoke_invitation(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation link no longer works."))
    return redirect("accounts:user_detail", pk=invitation.user_id)


# --- Accepting an invitation (anonymous) ------------------------------------------------------

_REFUSALS = {
    services.InvitationRefused.UNKNOWN: 404,
    services.InvitationRefused.USED: 410,
    services.InvitationRefused.REVOKED: 410,
    services.InvitationRefused.EXPIRED: 410,
}


def _refused(request: HttpRequest, refusal: services.InvitationRefused) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_refused.html",
        {"reason": refusal.reason},
        status=_REFUSALS[refusal.reason],
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.find_invitation(token=token)
    except services.InvitationRefused as refusal:
        return _refused(request, refusal)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except services.InvitationRefused as refusal:
            return _refused(request, refusal)
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("home")
    response = render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )
    # The token is in the URL: keep it out of the Referer sent to other sites. Not "no-referrer":
    # browsers then send "Origin: null" with the form, and Django's CSRF check refuses it.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


# --- Organisations ----------------------------------------------------------------------------


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_manage_organizations(request.user))
    q = request.GET.get("q", "")
    organizations = selectors.list_organizations(user=request.user, q=q)
    page_obj = Paginator(organizations, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
    page_obj.object_list = list(page_obj.object_list)
    return render(
        request,
        "accounts/organization_list.html",
        {"page_obj": page_obj, "organizations": page_obj.object_list, "q": q},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_manage_organizations(request.user))
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.create_organization(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Organisation created."))
            return redirect(organization)
    return render(request, "accounts/organization_form.html", {"form": form})


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.get_organization(user=request.user, pk=pk)
    can_view_members = permissions.can_view_members(request.user, organization)
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": organization,
            "can_view_members": can_view_members,
            "members": selectors.organization_members(user=request.user, organization=organization),
            "can_edit": permissions.can_edit_organization(request.user, organization),
            "can_manage_users": permissions.can_manage_users(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.get_organization(user=request.user, pk=pk)
    _require(permissions.can_edit_organization(request.user, organization))
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(
                organization=organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(organization)
    return render(
        request, "accounts/organization_form.html", {"form": form, "organization": organization}
    )
