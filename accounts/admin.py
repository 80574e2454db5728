from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin import SpreadsheetExportMixin, badge
from core.models import available_time_zones

from . import two_factor
from .forms import language_choices
from .models import User


@admin.register(User)
class UserAdmin(SpreadsheetExportMixin, SimpleHistoryAdmin, DjangoUserAdmin):
    """Django's user admin, plus who the account acts for: its role, member state or partner system."""

    list_display = ("username", "full_name", "role_badge", "country", "partner", "is_focal_point", "is_active")
    list_filter = (
        "role",
        "is_focal_point",
        "is_staff",
        "is_superuser",
        "is_active",
        "preferred_language",
        "country",
        "groups",
    )
    list_select_related = ("country", "partner")
    search_fields = ("username", "first_name", "last_name", "email", "country__name", "partner__acronym")
    autocomplete_fields = ("country", "partner")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "preferred_language", "time_zone")}),
        (
            _("Acts for"),
            {
                "fields": ("role", "country", "partner", "is_focal_point"),
                "description": _(
                    "A coordinator acts for one member state; a service account belongs to one partner system. "
                    "A national focal point acts for its state or organization in the meeting cycle: grant it to a "
                    "coordinator, or give the focal point role to someone who does nothing else."
                ),
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    actions = ["unlock_sign_in", "reset_second_factor"]
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (
            _("Acts for"),
            {"fields": ("role", "country", "partner", "is_focal_point", "email", "preferred_language")},
        ),
    )

    # Only a superuser grants privileges: an officer manages accounts but cannot raise anyone's (or their own).
    privilege_fields = ("is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else readonly + self.privilege_fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The language and the time zone are chosen from lists, as on the person's own profile."""
        if db_field.name == "preferred_language":
            return forms.ChoiceField(label=db_field.verbose_name, choices=language_choices, initial="en")
        if db_field.name == "time_zone":
            zones = [("", "–"), *((zone, zone) for zone in sorted(available_time_zones()))]
            return forms.ChoiceField(label=db_field.verbose_name, choices=zones, required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("role"), ordering="role")
    def role_badge(self, obj):
        return badge(obj.role, obj.get_role_display())

    @admin.action(description=_("Unlock sign-in of the selected users"), permissions=["change"])
    def unlock_sign_in(self, request, queryset):
        """Ends a lockout after too many failed sign-ins (django-axes) for these usernames."""
        cleared = sum(axes_reset(username=user.get_username()) for user in queryset)
        self.message_user(
            request,
            ngettext("%(count)d lockout record cleared.", "%(count)d lockout records cleared.", cleared)
            % {"count": cleared},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reset the second factor of the selected users"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """A lost phone: the user sets up a new authenticator app at their next sign-in."""
        reset = [user.get_username() for user in queryset if two_factor.remove(user)]
        self.message_user(
            request,
            _("Second factor reset for: %(users)s.") % {"users": ", ".join(reset) or "—"},
            messages.SUCCESS,
        )


# --- Sign-in lockouts (django-axes' access attempts, with what each row makes the portal refuse) ---------------
from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin  # noqa: E402
from axes.models import AccessAttempt  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db.models import Count, OuterRef, Subquery, Sum  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.utils import timezone  # noqa: E402

from . import admin_tokens  # noqa: E402,F401 - API tokens: issued and revoked by staff


class LockoutAdmin(AxesAccessAttemptAdmin):
    """Failed sign-ins by username and address, with the lock each row is part of (accounts.lockout), and an
    action that lifts them: deleting a row forgets its failures."""

    actions = ["lift_lockouts"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "refuses"]

    def get_queryset(self, request):
        recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
        account = recent.filter(username=OuterRef("username")).order_by().values("username")
        address = recent.filter(ip_address=OuterRef("ip_address")).order_by().values("ip_address")
        return (
            super()
            .get_queryset(request)
            .annotate(
                account_failures=Coalesce(Subquery(account.annotate(n=Sum("failures_since_start")).values("n")), 0),
                address_accounts=Coalesce(
                    Subquery(address.annotate(n=Count("username", distinct=True)).values("n")), 0
                ),
            )
        )

    @admin.display(description=_("refuses"))
    def refuses(self, attempt):
        reasons = []
        if attempt.account_failures >= settings.AXES_FAILURE_LIMIT:
            reasons.append(_("the account (too many failures)"))
        if attempt.address_accounts >= settings.SIGNIN_ADDRESS_ACCOUNT_LIMIT:
            reasons.append(_("new accounts from this address (guessing accounts)"))
        return "; ".join(str(reason) for reason in reasons) or "—"

    @admin.action(description=_("Lift the selected lockouts"), permissions=["delete"])
    def lift_lockouts(self, request, queryset):
        lifted, _by_model = AccessAttempt.objects.filter(pk__in=queryset.values("pk")).delete()
        self.message_user(
            request,
            ngettext("%(count)d lockout record lifted.", "%(count)d lockout records lifted.", lifted)
            % {"count": lifted},
            messages.SUCCESS,
        )


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LockoutAdmin)
