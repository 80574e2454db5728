from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import (
    DomainAdmin,
    DomainInline,
    SpreadsheetExportMixin,
    WorkflowAdminMixin,
    badge,
    bilingual,
    counted,
    progress_bar,
    service_action,
    status_badge,
)
from core.forms import VersionedModelForm

from . import services
from .choices import RevisionKind
from .forms import DECISION_PROGRESS_IMPORT
from .models import (
    AgendaItem,
    Contribution,
    Decision,
    Document,
    DocumentLanguageVersion,
    DocumentSymbolSequence,
    Meeting,
    MeetingBody,
    StaffMember,
    StaffPosition,
)

REVISION_KINDS = [(kind, RevisionKind(kind).label) for kind in RevisionKind.values if kind != RevisionKind.ORIGINAL]

SYMBOL_RULE = _(
    "Symbol rule: CICA/[body code]/[year]/[n] for a meeting's documents (e.g. CICA/SWG/2021/3); otherwise "
    "CICA/CBM/[year]/[n] for a measure, CICA/MOU/[year]/[n] for an agreement, CICA/LEGAL/[year]/[n] for a legal "
    "instrument and CICA/GEN/[year]/[n] for the rest. n counts up within each prefix; the year is the issue "
    "date's. Leave the symbol empty to have it given by the rule; once set, it cannot be changed."
)


@admin.register(MeetingBody)
class MeetingBodyAdmin(DomainAdmin):
    list_display = ("code", bilingual("name"), "level", "reports_to", counted("meetings", _("meetings")))
    list_select_related = ("reports_to",)
    list_filter = ("level",)
    search_fields = ("code", "name", "name_ru", "aliases")
    autocomplete_fields = ("reports_to",)


class AgendaItemInline(DomainInline):
    model = AgendaItem
    fields = ("number", "title", "title_ru", "is_procedural", "status", "carried_from")
    autocomplete_fields = ("carried_from",)


class MeetingDocumentInline(DomainInline):
    model = Document
    fields = ("symbol", "title", "kind", "distribution", "status", "issued_on")
    readonly_fields = ("symbol", "status")
    verbose_name_plural = _("documents (symbols are given by the rule when saved)")


@admin.register(Meeting)
class MeetingAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = (
        "__str__",
        "start_on",
        "venue",
        status_badge(),
        "document_deadline",
        counted("decisions", _("decisions")),
    )
    list_select_related = ("body", "host_country")

    list_filter = ("status", "body", "host_country", ("start_on", admin.DateFieldListFilter))
    search_fields = ("body__code", "body__name", "venue", "outcome", "host_country__name")
    search_help_text = _("Search by body code or name, venue, host country or outcome.")
    autocomplete_fields = ("body", "host_country")
    # No date_hierarchy on a big table: its list of years reads every row; the date filter costs nothing.
    inlines = (AgendaItemInline, MeetingDocumentInline)
    save_on_top = True
    actions = (
        service_action(
            "carry_forward_agenda",
            services.carry_forward_agenda,
            _("Carry unfinished agenda items of the selected concluded meetings forward to the next meeting"),
        ),
    )
    readonly_fields = ("pending_matters", "referred_matters", "participating")
    fieldsets = (
        (None, {"fields": ("body", "number", ("start_on", "end_on"), "venue", "host_country", "status")}),
        (_("Documents"), {"fields": ("document_deadline",)}),
        (_("Participation and outcome"), {"fields": ("participating", "outcome")}),
        (_("Matters before the meeting"), {"fields": ("pending_matters", "referred_matters")}),
    )

    @admin.display(description=_("participating delegations"))
    def participating(self, obj):
        """The accredited delegations (accredited in the Delegations admin)."""
        names = [d.sender_name for d in obj.participating_delegations()] if obj.pk else []
        return ", ".join(str(name) for name in names) or "—"

    @admin.display(description=_("still open from earlier meetings of the body"))
    def pending_matters(self, obj):
        return decision_links(obj.pending_decisions().select_related("meeting__body") if obj.pk else [])

    @admin.display(description=_("referred from lower bodies"))
    def referred_matters(self, obj):
        return decision_links(obj.referred_in().select_related("referred_from__meeting__body") if obj.pk else [])


def decision_links(decisions):
    """An ordered list of links to decisions' admin pages (a referred one names where it came from)."""
    items = [
        format_html(
            '<li><a href="{}">{}</a>{}</li>',
            reverse("admin:secretariat_decision_change", args=[d.pk]),
            d,
            format_html(" ← {}", d.referred_from) if d.referred_from_id and hasattr(d, "_state") else "",
        )
        for d in decisions
    ]
    return format_html("<ul>{}</ul>", format_html_join("", "{}", ((item,) for item in items))) if items else "—"


@admin.register(AgendaItem)
class AgendaItemAdmin(DomainAdmin):
    list_display = (
        "__str__",
        "meeting",
        status_badge(),
        "is_procedural",
        "carried_from",
        counted("decisions", _("decisions")),
    )
    list_select_related = ("meeting__body", "carried_from")
    list_filter = ("status", "is_procedural", "meeting__body")
    search_fields = ("title", "title_ru", "description", "meeting__body__code")
    autocomplete_fields = ("meeting", "carried_from")


@admin.register(DocumentSymbolSequence)
class DocumentSymbolSequenceAdmin(SpreadsheetExportMixin, admin.ModelAdmin):
    """The symbol counters, for reading only: numbers are only ever given by DocumentSymbolSequence.allocate()."""

    list_display = ("prefix", "last_number")
    search_fields = ("prefix",)
    ordering = ("prefix",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentForm(VersionedModelForm):
    class Meta:
        model = Document
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        help_texts = {"symbol": SYMBOL_RULE}


class LanguageVersionInline(DomainInline):
    model = DocumentLanguageVersion
    fields = ("language", "title", "file")
    show_change_link = False


@admin.register(Document)
class DocumentAdmin(WorkflowAdminMixin, DomainAdmin):
    form = DocumentForm
    change_form_template = "admin/secretariat/document/change_form.html"
    list_display = (
        "symbol",
        "title",
        "kind",
        status_badge(),
        "issued_on",
        counted("language_versions", _("languages")),
    )
    list_display_links = ("symbol", "title")
    list_select_related = ("meeting__body", "measure", "agreement__partner", "instrument")
    list_filter = (
        "status",
        "revision_kind",
        "kind",
        "distribution",
        "meeting__body",
        ("issued_on", admin.DateFieldListFilter),
    )
    search_fields = ("symbol", "title", "title_ru", "language_versions__title")
    search_help_text = _("Search by symbol (e.g. CICA/SWG/2021) or title in any language.")
    autocomplete_fields = ("meeting", "measure", "agreement", "instrument")
    # No date_hierarchy on a big table: its list of years reads every row; the date filter costs nothing.
    inlines = (LanguageVersionInline,)
    workflow_fields = ("status", "original", "revision_kind", "revision_number")
    fieldsets = (
        (None, {"fields": ("symbol", "title", "title_ru", "kind", "distribution", "issued_on")}),
        (
            _("Attached to (one at most)"),
            {"fields": ("meeting", "measure", "agreement", "instrument"), "description": SYMBOL_RULE},
        ),
        (_("Revisions"), {"fields": ("status", "original", "revision_kind", "revision_number", "family_list")}),
    )

    def get_readonly_fields(self, request, obj=None):
        readonly = (*super().get_readonly_fields(request, obj), "family_list")
        if obj is not None and obj.symbol:
            return ("symbol", *readonly)
        return readonly

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and request.POST.get("_issue_revision"):
            return self.issue_revision(request, object_id, request.POST["_issue_revision"])
        extra_context = {**(extra_context or {}), "revision_kinds": REVISION_KINDS}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def issue_revision(self, request, object_id, kind):
        document = self.get_object(request, object_id)
        if document is None or not self.has_change_permission(request, document):
            raise PermissionDenied
        try:
            new = services.issue_revision(document, request.user, kind)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _("%(symbol)s issued: add its language versions below.") % {"symbol": new.symbol},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:secretariat_document_change", args=[new.pk]))

    @admin.display(description=_("the original and its revisions"))
    def family_list(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> {} {}</li>',
                (
                    (
                        reverse("admin:secretariat_document_change", args=[member.pk]),
                        member.symbol,
                        member.title,
                        badge(member.status, member.get_status_display()),
                    )
                    for member in obj.family()
                ),
            ),
        )

    @admin.display(description=_("attached to"))
    def attached_to(self, obj):
        return obj.meeting or obj.measure or obj.agreement or obj.instrument


@admin.register(DocumentLanguageVersion)
class DocumentLanguageVersionAdmin(DomainAdmin):
    list_display = ("__str__", "document", "language", "title", "file")
    list_select_related = ("document",)
    list_filter = ("language",)
    search_fields = ("document__symbol", "document__title", "title")
    autocomplete_fields = ("document",)


class DecisionStateFilter(admin.SimpleListFilter):
    """Open and overdue as the Decision queryset defines them, so the admin and the portal agree."""

    title = _("follow-up")
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return (("open", _("open")), ("overdue", _("overdue")))

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "overdue":
            return queryset.overdue()
        return queryset


@admin.register(Decision)
class DecisionAdmin(WorkflowAdminMixin, DomainAdmin):
    import_spec = DECISION_PROGRESS_IMPORT
    list_display = (
        "__str__",
        "meeting",
        "responsible",
        "deadline",
        status_badge(),
        "overdue",
        progress_bar(),
    )
    list_select_related = ("meeting__body", "responsible_country", "measure", "referred_from__meeting__body")
    list_filter = (
        DecisionStateFilter,
        "status",
        "responsible_party",
        "meeting__body",
        "responsible_country",
        ("deadline", admin.DateFieldListFilter),
    )
    search_fields = (
        "title",
        "title_ru",
        "text",
        "meeting__body__code",
        "responsible_country__name",
        "measure__title",
    )
    autocomplete_fields = ("meeting", "agenda_item", "responsible_country", "measure")
    # No date_hierarchy on a big table: its list of years reads every row; the date filter costs nothing.
    readonly_fields = ("referral_chain",)
    workflow_fields = ("status", "referred_from")
    fieldsets = (
        (None, {"fields": ("meeting", "agenda_item", "number", "title", "title_ru", "text", "text_ru")}),
        (
            _("Implementation"),
            {"fields": ("responsible_party", "responsible_country", "measure", "deadline", "status", "progress")},
        ),
        (_("Referral"), {"fields": ("referred_from", "referral_chain")}),
    )

    @admin.display(description=_("responsible"), ordering="responsible_party")
    def responsible(self, obj):
        return obj.responsible_country or obj.measure or obj.get_responsible_party_display()

    @admin.display(description=_("overdue"))
    def overdue(self, obj):
        return badge("overdue", _("overdue")) if obj.is_overdue else ""

    @admin.display(description=_("referral chain"))
    def referral_chain(self, obj):
        """Decision.lineage(): where the matter started, each body that took it up, and this decision."""
        if obj is None or obj.pk is None:
            return "—"
        chain = obj.lineage()
        if len(chain) == 1:
            return _("Not referred from a lower body.")
        return format_html(
            "<ol class='referral-chain'>{}</ol>",
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (
                        format_html("<strong>{}</strong>", decision)
                        if decision.pk == obj.pk
                        else format_html(
                            '<a href="{}">{}</a>',
                            reverse("admin:secretariat_decision_change", args=[decision.pk]),
                            decision,
                        ),
                    )
                    for decision in chain
                ),
            ),
        )


@admin.register(StaffPosition)
class StaffPositionAdmin(DomainAdmin):
    list_display = (bilingual("title"), "category", "area", "is_active", counted("members", _("staff")))
    list_filter = ("category", "area", "is_active")
    search_fields = ("title", "title_ru")


class ServingFilter(admin.SimpleListFilter):
    title = _("contract")
    parameter_name = "serving"

    def lookups(self, request, model_admin):
        return (("yes", _("serving today")), ("no", _("not serving")))

    def queryset(self, request, queryset):
        serving = queryset.model.objects.serving(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=serving)
        if self.value() == "no":
            return queryset.exclude(pk__in=serving)
        return queryset


@admin.register(StaffMember)
class StaffMemberAdmin(DomainAdmin):
    list_display = ("full_name", "position", "nationality", "contract_start", "contract_end", "email")
    list_select_related = ("position", "nationality")
    list_filter = (ServingFilter, "position__category", "nationality__subregion", "nationality")
    search_fields = ("full_name", "email", "position__title", "nationality__name")
    autocomplete_fields = ("position", "nationality")
    date_hierarchy = "contract_start"


@admin.register(Contribution)
class ContributionAdmin(DomainAdmin):
    list_display = ("country", "year", "kind", "assessed_amount", "paid_amount", "outstanding", "paid_on")
    list_select_related = ("country",)
    list_filter = ("year", "kind", "country")
    search_fields = ("country__name", "country__name_ru", "=year")
    autocomplete_fields = ("country",)
    date_hierarchy = "paid_on"

    @admin.display(description=_("outstanding (USD)"))
    def outstanding(self, obj):
        return obj.outstanding
