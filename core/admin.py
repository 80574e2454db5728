"""The thin base every domain admin is declared on, and the column helpers they share.

Per-model admin code states *what* to show (columns, filters, searches, inlines); this module knows *how*:
every change page has a History button (django-simple-history) showing who changed what and when, status
values render as coloured badges, bilingual names show both languages, and counts are annotated onto the
changelist's one query, so no list page runs a query per row.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, ManyToOneRel, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.status import badge

__all__ = ["badge", "bilingual", "counted", "progress_bar", "service_action", "status_badge"]


def status_badge(field="status", description=None):
    """A changelist column showing a TextChoices field (by default `status`) as a coloured badge."""

    def column(obj):
        value = getattr(obj, field)
        if not value:
            return None
        return badge(value, getattr(obj, f"get_{field}_display")())

    column.short_description = description or _(field.replace("_", " "))
    column.admin_order_field = field
    column.__name__ = f"{field}_badge"
    return column


def bilingual(field="name", description=None):
    """A column with the English text of `field` and, beneath it, the Russian `<field>_ru` when there is one."""

    def column(obj):
        english, russian = getattr(obj, field), getattr(obj, f"{field}_ru", "")
        if not russian:
            return english
        return format_html('{}<br><span lang="ru" style="color:var(--body-quiet-color)">{}</span>', english, russian)

    column.short_description = description or _(field)
    column.admin_order_field = field
    column.__name__ = f"{field}_bilingual"
    return column


def counted(relation, description):
    """A column counting related rows, annotated onto the changelist's query (sortable, no query per row)."""
    attr = f"{relation}_count"

    def column(obj):
        return getattr(obj, attr)

    column.short_description = description
    column.admin_order_field = attr
    column.__name__ = attr
    column.annotation = (attr, relation)
    return column


def progress_bar(field="progress", description=None):
    """A percentage field as a small bar with its number, so a long list can be scanned at a glance."""

    def column(obj):
        value = getattr(obj, field) or 0
        return format_html('<progress value="{}" max="100" style="width:60px"></progress> {}%', value, value)

    column.short_description = description or _(field)
    column.admin_order_field = field
    column.__name__ = f"{field}_bar"
    return column


def _count_expression(model, relation):
    """Count rows of a reverse relation: a correlated subquery for one-to-many (joins of several counts do
    not multiply each other), a distinct Count otherwise."""
    field = model._meta.get_field(relation)
    if isinstance(field, ManyToOneRel) and not field.many_to_many:
        fk = field.field
        rows = (
            fk.model._base_manager.filter(**{fk.name: OuterRef("pk")})
            .order_by()
            .values(fk.name)
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
    return Count(relation, distinct=True)


def service_action(name, service, description):
    """An admin action that runs a service function (`service(obj, user)`) on each selected row.

    State changes go through the one write path in <app>/services.py; a row the service refuses is reported
    with the service's reason and left as it was, the others still proceed.
    """

    def action(modeladmin, request, queryset):
        done = 0
        for obj in queryset:
            try:
                with transaction.atomic():
                    service(obj, request.user)
            except ValidationError as error:
                modeladmin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            message = ngettext("%(count)d record updated.", "%(count)d records updated.", done) % {"count": done}
            modeladmin.message_user(request, message, messages.SUCCESS)

    action.__name__ = name
    action.short_description = description
    action.allowed_permissions = ("change",)
    return action


class DomainAdmin(SimpleHistoryAdmin):
    """Base admin for every DomainModel: history, creation/update stamps, annotated counts, tidy defaults.

    Declare `counted(...)` columns in list_display and their counts are annotated in get_queryset.
    """

    list_per_page = 50
    empty_value_display = "—"
    show_full_result_count = False
    stamp_fields = ("created", "updated")

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        return readonly + tuple(f for f in self.stamp_fields if f not in readonly)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.fieldsets:
            return fieldsets
        declared = {f for _, opts in fieldsets for f in opts["fields"]}
        stamps = tuple(f for f in self.stamp_fields if f not in declared)
        if obj is None or not stamps:
            return fieldsets
        return [*fieldsets, (_("Record"), {"fields": stamps, "classes": ("collapse",)})]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        annotations = {}
        for column in self.list_display:
            if callable(column) and hasattr(column, "annotation"):
                attr, relation = column.annotation
                annotations[attr] = _count_expression(self.model, relation)
        return queryset.annotate(**annotations) if annotations else queryset


class DomainInline(admin.TabularInline):
    """A compact inline: no empty extra rows cluttering the page, a link to each row's own change page."""

    extra = 0
    show_change_link = True


class WorkflowAdminMixin:
    """Buttons on a change page that run a workflow step of <app>/services.py after the form is saved.

    `workflow_buttons` lists (POST name, label, step) with `step(obj, request)`; the fields in `workflow_fields`
    are read-only on existing rows, so a status only changes through a step, never by editing the field.
    """

    workflow_buttons = ()
    workflow_fields = ("status",)
    change_form_template = "admin/workflow_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        return readonly + tuple(f for f in self.workflow_fields if f not in readonly)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            context["workflow_buttons"] = [(name, label) for name, label, _step in self.workflow_buttons]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        for name, label, step in self.workflow_buttons:
            if name in request.POST:
                try:
                    with transaction.atomic():
                        step(obj, request)
                except ValidationError as error:
                    self.message_user(request, f"{label}: {' '.join(error.messages)}", messages.ERROR)
                else:
                    self.message_user(request, f"{label}: {obj}", messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
