"""Staff issue and revoke API tokens here. The plain key is shown once, in a message after saving, never again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import SpreadsheetExportMixin

from .tokens import APIToken


@admin.register(APIToken)
class APITokenAdmin(SpreadsheetExportMixin, admin.ModelAdmin):
    list_display = ("name", "user", "scope", "expires_at", "last_used_at", "revoked")
    list_filter = ("scope", "revoked")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    autocomplete_fields = ("user",)  # a searchable select of accounts, not a raw id
    readonly_fields = ("prefix", "created", "last_used_at", "revoked_at")
    actions = ["revoke_tokens"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("name", "user", "scope", "expires_at")
        return ("name", "user", "scope", "expires_at", "prefix", "created", "last_used_at", "revoked", "revoked_at")

    def get_readonly_fields(self, request, obj=None):
        # A token's owner and scope are fixed once issued: issue a new token instead.
        return (*self.readonly_fields, "user", "scope") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            key = obj.set_new_key()
            super().save_model(request, obj, form, change)
            messages.warning(
                request,
                _("The key of token “%(name)s” is %(key)s — copy it now: it is not stored and will not be shown again.")
                % {"name": obj.name, "key": key},
            )
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked=False):
            token.revoke()
            count += 1
        self.message_user(request, _("%(count)d token(s) revoked.") % {"count": count}, messages.SUCCESS)
