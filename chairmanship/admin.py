from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import (
    DomainAdmin,
    DomainInline,
    WorkflowAdminMixin,
    badge,
    bilingual,
    counted,
    progress_bar,
    status_badge,
)

from .models import Amendment, Chairmanship, Country, Initiative, LegalInstrument, Priority, SustainableDevelopmentGoal


@admin.register(Country)
class CountryAdmin(DomainAdmin):
    list_display = (
        "iso2",
        bilingual("name"),
        "cica_status_badge",
        "subregion",
        "joined",
        counted("coordinations", _("coordinations")),
    )
    list_display_links = ("iso2",)
    list_filter = ("cica_status", "subregion")
    search_fields = ("name", "name_ru", "iso2")
    search_help_text = _("Search by English or Russian name, or ISO code.")
    fieldsets = (
        (None, {"fields": ("name", "name_ru", "iso2")}),
        (_("In CICA"), {"fields": ("cica_status", "subregion", "joined_on", "joined_precision", "note")}),
    )

    @admin.display(description=_("CICA status"), ordering="cica_status")
    def cica_status_badge(self, obj):
        tone = "adopted" if obj.is_member else "proposed"
        return badge(tone, obj.get_cica_status_display())

    @admin.display(description=_("joined CICA"), ordering="joined_on")
    def joined(self, obj):
        return obj.joined_display


class PriorityInline(DomainInline):
    model = Priority
    fields = ("number", "title", "title_ru")


@admin.register(Chairmanship)
class ChairmanshipAdmin(DomainAdmin):
    list_display = ("__str__", "country", "period", bilingual("theme"), counted("priorities", _("priorities")))
    list_select_related = ("country",)
    list_filter = ("country__subregion", "country")
    search_fields = ("country__name", "country__name_ru", "theme", "theme_ru")
    autocomplete_fields = ("country",)
    date_hierarchy = "start_on"
    inlines = (PriorityInline,)
    readonly_fields = ("troika_panel",)
    fieldsets = (
        (None, {"fields": ("country", ("start_on", "start_precision"), ("end_on", "end_precision"))}),
        (
            _("Troika"),
            {
                "fields": ("troika_panel",),
                "description": _("Read off the sequence of terms: change a term's dates to change its Troika."),
            },
        ),
        (_("Theme and concept"), {"fields": ("theme", "theme_ru", "concept_document", "concept_text", "note")}),
    )

    @admin.display(description=_("term"), ordering="start_on")
    def period(self, obj):
        return obj.period_display

    @admin.display(description=_("previous, this and next chair"))
    def troika_panel(self, obj):
        if obj.pk is None:
            return _("Shown once the term is saved.")
        troika = obj.troika
        rows = [
            (_("Previous chair"), troika["previous"]),
            (_("This chair"), troika["current"]),
            (_("Next chair"), troika["next"]),
        ]
        return format_html(
            '<ol class="troika">{}</ol>',
            format_html_join(
                "",
                "<li>{}: {}</li>",
                ((label, self.troika_link(chairmanship, chairmanship == obj)) for label, chairmanship in rows),
            ),
        )

    @staticmethod
    def troika_link(chairmanship, is_this):
        if chairmanship is None:
            return _("not yet known")
        if is_this:
            return format_html("<strong>{}</strong>", chairmanship)
        url = reverse("admin:chairmanship_chairmanship_change", args=[chairmanship.pk])
        return format_html('<a href="{}">{}</a>', url, chairmanship)


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(DomainAdmin):
    list_display = ("number", bilingual("title"), counted("initiatives", _("initiatives")))
    list_display_links = ("number",)
    search_fields = ("title", "title_ru", "=number")


class InitiativeInline(DomainInline):
    model = Initiative
    fields = ("order", "title", "title_ru", "owner", "owner_ru", "owner_country", "status", "target_date", "progress")
    readonly_fields = ("status",)
    autocomplete_fields = ("owner_country",)


@admin.register(Priority)
class PriorityAdmin(DomainAdmin):
    list_display = ("number", bilingual("title"), "chairmanship", counted("initiatives", _("initiatives")))
    list_display_links = ("number",)
    list_select_related = ("chairmanship__country",)
    list_filter = ("chairmanship__country",)
    search_fields = ("number", "title", "title_ru", "chairmanship__country__name")
    autocomplete_fields = ("chairmanship",)
    inlines = (InitiativeInline,)
    fields = ("chairmanship", "number", "title", "title_ru", "description", "description_ru")


@admin.register(Initiative)
class InitiativeAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = (
        bilingual("title"),
        "priority",
        "owner_country",
        status_badge(),
        progress_bar(),
    )
    list_select_related = ("priority", "owner_country")
    list_filter = ("status", "priority__chairmanship__country", "sdgs")
    search_fields = ("title", "title_ru", "owner", "owner_country__name", "priority__title")
    autocomplete_fields = ("priority", "owner_country", "sdgs")
    date_hierarchy = "target_date"
    fieldsets = (
        (None, {"fields": ("priority", "title", "title_ru", "description", "description_ru")}),
        (
            _("Who and when"),
            {"fields": ("owner", "owner_ru", "owner_country", "status", "target_date", "progress", "order")},
        ),
        (_("Sustainable development goals"), {"fields": ("sdgs",)}),
    )


class AmendmentInline(DomainInline):
    model = Amendment
    fields = ("title", "proposed_by", "proposed_on", "status", "decided_on")
    readonly_fields = ("status", "decided_on")
    autocomplete_fields = ("proposed_by",)


@admin.register(LegalInstrument)
class LegalInstrumentAdmin(DomainAdmin):
    list_display = (bilingual("title"), "kind", "adopted_on", "adopted_at", counted("amendments", _("amendments")))
    list_select_related = ("adopted_at__body",)
    list_filter = ("kind",)
    search_fields = ("title", "title_ru", "description")
    autocomplete_fields = ("adopted_at",)
    date_hierarchy = "adopted_on"
    inlines = (AmendmentInline,)


@admin.register(Amendment)
class AmendmentAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = ("title", "instrument", "proposed_by", "proposed_on", status_badge(), "decided_on")
    list_select_related = ("instrument", "proposed_by")
    list_filter = ("status", "instrument", "proposed_by")
    search_fields = ("title", "text", "instrument__title", "proposed_by__name")
    autocomplete_fields = ("instrument", "proposed_by", "initiative")
    date_hierarchy = "proposed_on"
    workflow_fields = ("status", "decided_on")
