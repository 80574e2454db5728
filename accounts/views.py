"""A person's own account: their profile (name, email, language, time zone), the second sign-in step, setting up
the second factor, recovery codes, the password and the API tokens they own. Pages in the portal's layout, under
/portal/account/.
"""

import logging

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View, i18n
from django.views.generic import FormView, TemplateView

from core import ratelimit
from core.addresses import client_address

from . import two_factor
from .forms import ConfirmAppForm, ProfileForm, SecondFactorForm
from .tokens import APIToken

security_log = logging.getLogger("accounts.security")


def next_url(request, default="portal:dashboard"):
    """The `next` parameter if it points into this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


class AccountMixin(LoginRequiredMixin):
    """Any signed-in person: staff who came through the admin's sign-in must be able to set up their second factor."""

    login_url = reverse_lazy("portal:login")


class SecondFactorVerifyView(AccountMixin, FormView):
    """The second sign-in step. Failures count towards the same lockout as wrong passwords (django-axes)."""

    template_name = "accounts/two_factor_verify.html"
    form_class = SecondFactorForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if two_factor.is_verified(request):
                return redirect(next_url(request))
            if not two_factor.has_second_factor(request.user):
                return redirect(f"{reverse('accounts:two_factor_setup')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=next_url(self.request), **kwargs)

    def form_valid(self, form):
        request, user = self.request, self.request.user
        credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            return self.locked_out(credentials)
        device = two_factor.verify(request, form.cleaned_data["code"])
        if device is None:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if AxesProxyHandler.is_locked(request, credentials):
                return self.locked_out(credentials)
            form.add_error("code", _("This code is not right, has expired or was already used."))
            return self.form_invalid(form)
        two_factor.sign_in(request, device)
        if two_factor.is_recovery_code(device):
            left = two_factor.recovery_codes_left(user)
            messages.warning(
                request,
                _("You signed in with a recovery code; %(left)d remain. Make new ones in Account security.")
                % {"left": left},
            )
        return redirect(next_url(request))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def locked_out(self, credentials):
        logout(self.request)
        return get_lockout_response(self.request, None, credentials)


class SecondFactorSetupView(AccountMixin, FormView):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code, keep the recovery codes.

    Someone who already has a second factor must pass it first: a password alone never replaces it.
    """

    template_name = "accounts/two_factor_setup.html"
    form_class = ConfirmAppForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and two_factor.has_second_factor(request.user):
            if not two_factor.is_verified(request):
                return redirect(f"{reverse('accounts:two_factor_verify')}?{request.GET.urlencode()}")
            messages.info(request, _("Your second factor is already set up."))
            return redirect("accounts:security")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = two_factor.pending_app(self.request.user)
        return super().get_context_data(
            qr_code=two_factor.qr_code_svg(device),
            secret=two_factor.secret(device),
            next=next_url(self.request),
            required=self.request.user.needs_second_factor,
            **kwargs,
        )

    def form_valid(self, form):
        device = two_factor.pending_app(self.request.user)
        if not device.verify_token(two_factor.normalize(form.cleaned_data["code"])):
            form.add_error("code", _("This code is not right. Check the time on your phone and try the next one."))
            return self.form_invalid(form)
        codes = two_factor.confirm_app(self.request.user, device)
        two_factor.sign_in(self.request, device)
        security_log.info("Second factor set up for %s from %s", self.request.user, client_address(self.request))
        return render(
            self.request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": next_url(self.request), "first_time": True},
        )

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class RecoveryCodesView(AccountMixin, View):
    """POST: a new set of recovery codes, shown once; the old ones stop working."""

    def post(self, request):
        if not two_factor.has_second_factor(request.user):
            return redirect("accounts:two_factor_setup")
        codes = two_factor.new_recovery_codes(request.user)
        security_log.info("New recovery codes for %s from %s", request.user, client_address(request))
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:security")})


class RemoveSecondFactorView(AccountMixin, View):
    """POST: a coordinator switches the (optional) second factor off. Staff cannot: for them it is required."""

    def post(self, request):
        if request.user.needs_second_factor:
            raise PermissionDenied(_("Secretariat staff must keep a second factor."))
        two_factor.remove(request.user)
        request.session[two_factor.REQUIRED_SESSION_KEY] = False
        security_log.info("Second factor removed by %s from %s", request.user, client_address(request))
        messages.success(request, _("The second factor is switched off."))
        return redirect("accounts:security")


class SecurityView(AccountMixin, TemplateView):
    """The account page: the profile, the second factor, the password, and the API tokens it owns (revocable)."""

    template_name = "accounts/security.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        kwargs.setdefault("profile_form", ProfileForm(instance=user))
        return super().get_context_data(
            has_second_factor=two_factor.has_second_factor(user),
            recovery_codes_left=two_factor.recovery_codes_left(user),
            tokens=APIToken.objects.usable().filter(user=user).order_by("-created"),
            **kwargs,
        )


class ProfileView(SecurityView):
    """POST: save the profile; the language and time zone apply from the next page on (and to emails, PDFs, feed)."""

    http_method_names = ["get", "post"]

    def get(self, request):
        # The form lives on the account page: a bookmarked or reloaded address leads there, not to a blank 405.
        return redirect(reverse("accounts:security") + "#h-profile")

    def post(self, request):
        form = ProfileForm(request.POST, instance=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(profile_form=form), status=400)
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:security")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, **language_cookie_options())
        return response


def language_cookie_options():
    return {
        "max_age": settings.LANGUAGE_COOKIE_AGE,
        "path": settings.LANGUAGE_COOKIE_PATH,
        "domain": settings.LANGUAGE_COOKIE_DOMAIN,
        "secure": settings.LANGUAGE_COOKIE_SECURE,
        "httponly": settings.LANGUAGE_COOKIE_HTTPONLY,
        "samesite": settings.LANGUAGE_COOKIE_SAMESITE,
    }


def set_language(request):
    """Django's language switch, which also saves the choice on the signed-in person's account: the header's
    language then follows them to other browsers, to their emails, PDFs and calendar feed."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    user = request.user
    offered = {code for code, _name in settings.LANGUAGES}
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in offered
        and user.preferred_language != language
    ):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response


class RevokeTokensView(AccountMixin, View):
    """POST `token` (an id) revokes that token of the signed-in user; `all` revokes every one of them."""

    def post(self, request):
        tokens = APIToken.objects.usable().filter(user=request.user)
        if "all" not in request.POST:
            tokens = tokens.filter(pk__in=[value for value in request.POST.getlist("token") if value.isdigit()])
        count = 0
        for token in tokens:
            token.revoke()
            count += 1
        security_log.info("%d API token(s) revoked by %s from %s", count, request.user, client_address(request))
        messages.success(request, _("%(count)d token(s) revoked.") % {"count": count})
        return redirect("accounts:security")


class PasswordChangeView(AccountMixin, auth_views.PasswordChangeView):
    """Change the password: other sessions end, the calendar address is renewed; then review the API tokens."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        security_log.info("Password changed by %s from %s", self.request.user, client_address(self.request))
        messages.success(
            self.request,
            _(
                "Your password was changed. Your other sessions have ended and your calendar address was renewed. "
                "Revoke below any API token that may be known to someone else."
            ),
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by email, at most settings.PASSWORD_RESET_RATE_* emails per account address and per client.

    A request past the limit gets the same "sent" page, so the page tells nothing about the account either way.
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        client = client_address(self.request)
        if not (
            ratelimit.take("password-reset-client", client, settings.PASSWORD_RESET_RATE_CLIENT)
            and ratelimit.take("password-reset-email", email, settings.PASSWORD_RESET_RATE_EMAIL)
        ):
            security_log.warning("Password reset refused from %s: too many requests", client)
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password through the emailed link: the sign-in lockout of that username ends with it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        security_log.info("Password reset for %s from %s", form.user, client_address(self.request))
        return response
