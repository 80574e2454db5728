import datetime

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import DomainAdmin, DomainInline, WorkflowAdminMixin, bilingual, counted, progress_bar, status_badge

from .models import Agreement, Contact, JointActivity, PartnerOrganization


class ContactInlineFormSet(forms.BaseInlineFormSet):
    """One primary contact per partner, also among the rows entered together (the database would refuse it)."""

    def clean(self):
        super().clean()
        primaries = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("is_primary")
        ]
        for form in primaries[1:]:
            form.add_error("is_primary", _("This partner already has a primary contact."))


class ContactInline(DomainInline):
    model = Contact
    formset = ContactInlineFormSet
    fields = ("full_name", "position", "email", "phone", "is_primary")
    show_change_link = False


class AgreementInline(DomainInline):
    model = Agreement
    fields = ("kind", "title", "signed_on", "expires_on", "status")
    readonly_fields = ("signed_on", "status")


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(DomainAdmin):
    list_display = (
        "acronym",
        bilingual("name"),
        "kind",
        "is_observer",
        counted("agreements", _("agreements")),
    )
    list_filter = ("kind", "is_observer")
    search_fields = ("acronym", "name", "name_ru")
    date_hierarchy = "observer_since"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = (ContactInline, AgreementInline)
    fieldsets = (
        (None, {"fields": ("acronym", "name", "name_ru", "kind", "website")}),
        (_("CICA observer"), {"fields": ("is_observer", "observer_since")}),
        (None, {"fields": ("note",)}),
    )


class ExpiringFilter(admin.SimpleListFilter):
    """Agreements to act on: expiry or renewal within the window, as Agreement.objects.expiring_before defines."""

    title = _("expiring")
    parameter_name = "expiring_within"

    def lookups(self, request, model_admin):
        return (("90", _("within 90 days")), ("365", _("within a year")))

    def queryset(self, request, queryset):
        if self.value() in ("90", "365"):
            return queryset.expiring_before(timezone.localdate() + datetime.timedelta(days=int(self.value())))
        return queryset


class PartnerKindFilter(admin.ChoicesFieldListFilter):
    """The partner's kind, titled apart from the agreement's own kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("partner's kind")


class JointActivityInline(DomainInline):
    model = JointActivity
    fields = ("title", "start_on", "end_on", "location", "status", "progress")


@admin.register(Agreement)
class AgreementAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = (
        "title",
        "partner",
        "kind",
        "expires_on",
        status_badge(),
        counted("joint_activities", _("joint activities")),
    )
    list_select_related = ("partner",)
    list_filter = (ExpiringFilter, "status", "kind", ("partner__kind", PartnerKindFilter), "partner")
    search_fields = ("title", "partner__acronym", "partner__name", "signed_at", "note")
    autocomplete_fields = ("partner",)
    date_hierarchy = "signed_on"
    inlines = (JointActivityInline,)
    workflow_fields = ("status", "signed_on", "signed_at", "entry_into_force_on")
    fieldsets = (
        (None, {"fields": ("partner", "kind", "title", "status")}),
        (_("Dates"), {"fields": (("signed_on", "signed_at"), "entry_into_force_on", "expires_on", "renewal_on")}),
        (None, {"fields": ("document", "note")}),
    )


@admin.register(JointActivity)
class JointActivityAdmin(DomainAdmin):
    list_display = ("title", "agreement", "start_on", "end_on", "location", status_badge(), progress_bar())
    list_select_related = ("agreement__partner",)
    list_filter = ("status", "agreement__partner")
    search_fields = ("title", "location", "description", "agreement__title", "agreement__partner__acronym")
    autocomplete_fields = ("agreement",)
    date_hierarchy = "start_on"


@admin.register(Contact)
class ContactAdmin(DomainAdmin):
    list_display = ("full_name", "partner", "position", "email", "phone", "is_primary")
    list_select_related = ("partner",)
    list_filter = ("is_primary", "partner__kind", "partner")
    search_fields = ("full_name", "email", "position", "partner__acronym", "partner__name")
    autocomplete_fields = ("partner",)
