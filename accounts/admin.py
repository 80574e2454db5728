from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import badge

from .models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """Django's user admin, plus who the account acts for: its role, member state or partner system."""

    list_display = ("username", "full_name", "email", "role_badge", "country", "partner", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "preferred_language", "country", "groups")
    list_select_related = ("country", "partner")
    search_fields = ("username", "first_name", "last_name", "email", "country__name", "partner__acronym")
    autocomplete_fields = ("country", "partner")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "preferred_language")}),
        (
            _("Acts for"),
            {
                "fields": ("role", "country", "partner"),
                "description": _(
                    "A coordinator acts for one member state; a service account belongs to one partner system."
                ),
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Acts for"), {"fields": ("role", "country", "partner", "email", "preferred_language")}),
    )

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("role"), ordering="role")
    def role_badge(self, obj):
        return badge(obj.role, obj.get_role_display())


from . import admin_tokens  # noqa: E402,F401 - API tokens: issued and revoked by staff
