from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import DomainAdmin, DomainInline, WorkflowAdminMixin, counted, status_badge

from . import services
from .forms import validate_credentials
from .models import ASTANA, Delegation, Participant, Registration


@admin.register(Registration)
class RegistrationAdmin(DomainAdmin):
    list_display = ("meeting", "deadline", "seats", "invite_members", "invite_observers", "issued_list")
    list_select_related = ("meeting__body", "participants_list")
    search_fields = ("meeting__body__code", "meeting__venue")
    autocomplete_fields = ("meeting", "partners")
    readonly_fields = ("issued_list",)
    fieldsets = (
        (None, {"fields": ("meeting", "deadline", "seats")}),
        (_("Who is invited"), {"fields": ("invite_members", "invite_observers", "partners")}),
        (_("List of participants"), {"fields": ("issued_list",)}),
    )
    actions = ("issue_list",)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with timezone.override(ASTANA):  # the deadline is entered in Astana time
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        with timezone.override(ASTANA):
            return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["deadline"].help_text = _("In Astana time; shown to each reader in their own time zone.")
        return form

    @admin.display(description=_("list of participants"))
    def issued_list(self, obj):
        if obj is None or obj.participants_list_id is None:
            return "—"
        document = obj.participants_list
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:secretariat_document_change", args=[document.pk]), document.symbol
        )

    @admin.action(description=_("Issue (or revise) the list of participants of the selected meetings"))
    def issue_list(self, request, queryset):
        for registration in queryset.select_related("meeting__body"):
            try:
                document = services.issue_list_of_participants(registration, request.user)
            except ValidationError as error:
                self.message_user(request, f"{registration}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{registration}: {document.symbol}", messages.SUCCESS)


class DelegationAdminForm(forms.ModelForm):
    def clean_credentials(self):
        upload = self.cleaned_data.get("credentials")
        if upload and hasattr(upload, "content_type"):
            validate_credentials(upload)
        return upload


class ParticipantFormSet(forms.BaseInlineFormSet):
    """A delegation's participants checked as one list: at most one head among the rows kept and no more rows than
    the seats, answered as a message on the list (each row alone is not checked against the stored others, so one
    save may hand the head from one participant to another)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.checked_with_its_delegation = True
        return form

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if getattr(f, "cleaned_data", None) and not self._should_delete_form(f)]
        if sum(1 for f in kept if f.cleaned_data.get("is_head")) > 1:
            raise ValidationError(_("A delegation has one head of delegation."))
        registration = self.instance.registration if self.instance.meeting_id else None
        if registration and registration.seats and len(kept) > registration.seats:
            raise ValidationError(
                _("A delegation has at most %(seats)d seats; this one is full.") % {"seats": registration.seats}
            )

    def save_existing_objects(self, commit=True):
        # The row giving up the head is written before the row taking it: the database holds one head at a time.
        n = self.initial_form_count()
        self.forms[:n] = sorted(self.forms[:n], key=lambda f: bool(getattr(f, "cleaned_data", {}).get("is_head")))
        return super().save_existing_objects(commit)


class ParticipantInline(DomainInline):
    model = Participant
    formset = ParticipantFormSet
    fields = ("name", "name_cyrillic", "title", "function", "function_ru", "is_head", "email", "position")
    show_change_link = False


@admin.register(Delegation)
class DelegationAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = ("meeting", "sender", status_badge(), counted("participants", _("participants")), "submitted_at")
    list_select_related = ("meeting__body", "country", "partner")
    list_filter = ("status", "meeting__body", "country")
    search_fields = ("country__name", "partner__acronym", "partner__name", "meeting__body__code")
    autocomplete_fields = ("meeting", "country", "partner")
    inlines = (ParticipantInline,)
    workflow_fields = ("status", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "return_note")
    fieldsets = (
        (None, {"fields": ("meeting", "country", "partner", "credentials")}),
        (_("Workflow"), {"fields": ("status", "submitted_at", "submitted_by")}),
        (_("Secretariat review"), {"fields": ("reviewed_at", "reviewed_by", "return_note")}),
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("form", type("DelegationForm", (DelegationAdminForm, self.form), {}))
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description=_("delegation of"))
    def sender(self, obj):
        return obj.sender_name


@admin.register(Participant)
class ParticipantAdmin(DomainAdmin):
    list_display = ("name", "name_cyrillic", "function", "is_head", "delegation")
    list_select_related = ("delegation__meeting__body", "delegation__country", "delegation__partner")
    list_filter = ("is_head", "delegation__meeting__body")
    search_fields = ("name", "name_cyrillic", "function")
    autocomplete_fields = ("delegation",)
