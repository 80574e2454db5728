"""The thin base every domain admin is declared on, and the column helpers they share.

Per-model admin code states *what* to show (columns, filters, searches, inlines); this module knows *how*:
every change page has a History button (django-simple-history) showing who changed what and when, status
values render as coloured badges, bilingual names show both languages, and counts are annotated onto the
changelist's one query, so no list page runs a query per row.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, ManyToOneRel, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core import spreadsheets
from core.forms import VersionedModelForm, step_data, step_form
from core.history import ReadableHistory
from core.paging import BoundedCountPaginator
from core.status import badge
from core.textsearch import matching
from core.workflows import workflow_for

__all__ = ["SpreadsheetExportMixin", "badge", "bilingual", "counted", "progress_bar", "service_action", "status_badge"]


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
        return format_html('{}<br><span lang="ru" class="quiet-translation">{}</span>', english, russian)

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


def related_list(relation, description):
    """A read-only field for a change page: how many related rows there are, as a link to their changelist filtered
    to this row. Stands in for an inline of unbounded size (a plan's thousand activities would make a page that
    takes seconds and cannot be saved)."""

    def field(obj):
        if obj is None or obj.pk is None:
            return "–"
        rel = obj._meta.get_field(relation)
        opts = rel.related_model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        count = getattr(obj, relation).count()
        label = ngettext("%(count)d row", "%(count)d rows", count) % {"count": count}
        return format_html('<a href="{}?{}__id__exact={}">{}</a>', url, rel.field.name, obj.pk, label)

    field.short_description = description
    field.__name__ = f"{relation}_list"
    return field


def progress_bar(field="progress", description=None):
    """A percentage field as a small bar with its number, so a long list can be scanned at a glance."""

    def column(obj):
        value = getattr(obj, field) or 0
        return format_html('<progress value="{}" max="100" class="admin-progress"></progress> {}%', value, value)

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

    For operations that are more than a status step (carrying agenda items forward, ...); a row the service refuses
    is reported with the service's reason and left as it was, the others still proceed.
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


class SpreadsheetExportMixin:
    """A changelist that downloads as CSV and XLSX, as filtered, searched and sorted on the page (the changelist's
    own queryset), headed in the reader's language; `export_columns` names the columns (by default the model's id
    and plain fields; secrets and search vectors never, core.spreadsheets)."""

    change_list_template = "admin/core/change_list.html"
    export_columns = None

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_export"
        export = path("export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name=name)
        return [export, *super().get_urls()]

    def export_view(self, request, fmt):
        if fmt not in spreadsheets.FORMATS:
            raise Http404
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        columns = spreadsheets.columns_for(self.model, self.export_columns)
        return spreadsheets.export_response(changelist.queryset, columns, fmt)


class IndexedSearchMixin:
    """The search box through core.textsearch: every word must match one of `search_fields` (as in Django's admin),
    own columns compared directly (indexed), a related field looked up in its own table first (no ILIKE over a
    join), so a search of a big table reads indexes instead of every row. Also refuses a year no date can hold in a
    changelist's address."""

    def get_search_results(self, request, queryset, search_term):
        fields = self.get_search_fields(request)
        if not fields or not search_term.strip():
            return queryset, False
        for word in smart_split(search_term):
            if word[:1] in ('"', "'") and word[-1:] == word[:1]:
                word = unescape_string_literal(word)
            queryset = queryset.filter(matching(queryset.model, fields, word))
        return queryset, False

    def lookup_allowed(self, lookup, value, request=None):
        # A year in the address (`?start_on__year=`; a date_hierarchy used to check it, big tables have none): a
        # year Python's dates cannot hold is refused (400), not left to fail in the query (500).
        if lookup.endswith("__year") and not (str(value).isdigit() and 1 <= int(value) <= 9999):
            return False
        return super().lookup_allowed(lookup, value, request)


class DomainAdmin(IndexedSearchMixin, SpreadsheetExportMixin, SimpleHistoryAdmin):
    """Base admin for every DomainModel: history, creation/update stamps, annotated counts, tidy defaults, and
    forms that refuse to save over a change someone else made since the page was opened (VersionedModelForm).

    Declare `counted(...)` columns in list_display and their counts are annotated in get_queryset.
    Every changelist downloads as CSV and XLSX (SpreadsheetExportMixin); an `import_spec`
    (core.spreadsheets.ImportSpec) adds "Upload changes": the portal's preview and all-or-nothing apply, for any
    country.
    """

    import_spec = None

    form = VersionedModelForm
    list_per_page = 50
    empty_value_display = "—"
    # Counted exactly up to 10,000 rows, "more than 10,000" beyond (templates/admin/pagination.html): counting every
    # row of a big table, or of a common word's matches, costs a scan on every page. Nor the unfiltered total.
    paginator = BoundedCountPaginator
    show_full_result_count = False
    stamp_fields = ("created", "updated")

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        return readonly + tuple(f for f in self.stamp_fields if f not in readonly)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "reverting", False) and issubclass(form, VersionedModelForm):
            form = type(form.__name__, (form,), {"check_version": False})
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.fieldsets:
            return fieldsets
        declared = {f for _, opts in fieldsets for f in opts["fields"]}
        record = tuple(f for f in self.stamp_fields if f not in declared) if obj is not None else ()
        if obj is not None and "seen_version" not in declared:
            record += ("seen_version",)  # hidden: the version the page showed, checked when it is saved
        if not record:
            return fieldsets
        return [*fieldsets, (_("Record"), {"fields": record, "classes": ("collapse",)})]

    def get_urls(self):
        urls = super().get_urls()
        if self.import_spec is None:
            return urls
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("upload/", self.admin_site.admin_view(self.import_view), name=name), *urls]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import": self.import_spec is not None}
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and not changelist.paginator.count_is_exact:
            response.context_data["selection_note_all"] = _("All selected (more than %(limit)s)") % {
                "limit": number_format(changelist.paginator.exact_up_to, force_grouping=True)
            }
        return response

    def import_view(self, request):
        """Upload an edited spreadsheet: a preview of every change, then "Apply" (a token) changes all or none."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        spec, context, status = self.import_spec, {}, 200
        if request.method == "GET" and request.GET.get("download") in spreadsheets.FORMATS:
            rows = spec.editable(request.user).order_by(*(self.model._meta.ordering or ()), "pk")
            return spreadsheets.export_response(rows, spec.columns(), request.GET["download"])
        if request.method == "POST" and request.POST.get("token"):
            rows = spreadsheets.kept_rows(request.session, spec, request.POST["token"])
            if rows is None:
                context, status = {"errors": [_("This upload has expired: upload the file again.")]}, 400
            else:
                plan = spreadsheets.apply_import(spec, request.user, rows)
                if plan.ok:
                    spreadsheets.forget_rows(request.session, request.POST["token"])
                    self.message_user(request, spreadsheets.applied_message(plan), messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
                    )
                context, status = {"plan": plan}, 400
        elif request.method == "POST":
            try:
                rows = spreadsheets.read_rows(request.FILES["file"])
            except KeyError:
                context, status = {"errors": [_("Choose a file to upload.")]}, 400
            except spreadsheets.UnreadableFile as error:
                context, status = {"errors": [str(error)]}, 400
            else:
                plan = spreadsheets.plan_import(spec, request.user, rows)
                keep = plan.ok and plan.changed_rows
                token = spreadsheets.keep_rows(request.session, spec, rows) if keep else None
                context, status = {"plan": plan, "token": token}, 200 if plan.ok else 400
        context.update(
            self.admin_site.each_context(request),
            opts=self.opts,
            title=spec.title or _("Upload changes"),
            editable_columns=[str(self.model._meta.get_field(name).verbose_name) for name in spec.fields],
        )
        return TemplateResponse(request, "admin/core/spreadsheet_import.html", context, status=status)

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
    """A workflow record's admin: its status moves only through the steps its workflow declares (core.workflows).

    The change page shows the steps the staff member may take now, each with the inputs it asks for; a step runs
    on its own (the form's other edits are not saved with it), from the version of the row the page showed. The
    list offers one action per step that needs no input. The status and what the steps stamp are read-only fields,
    and reverting to an earlier version from the history page keeps the current status: a revert is not a step.
    """

    workflow_fields = ("status",)
    change_form_template = "admin/workflow_change_form.html"
    object_history_form_template = "admin/workflow_history_form.html"

    @property
    def workflow(self):
        return workflow_for(self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly + tuple(f for f in self.workflow_fields if f not in readonly)

    def get_actions(self, request):
        actions = super().get_actions(request)
        for transition in self.workflow.transitions:
            if not transition.inputs:
                action = step_action(self.workflow, transition)
                actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions

    def steps(self, request, obj, data=None):
        """(transition, its input form) for each step the user may take on `obj` now."""
        return [
            (transition, step_form(self.workflow, transition, obj, data, prefix=transition.name))
            for transition in self.workflow.available(obj, request.user)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            context["workflow_steps"] = context.get("workflow_steps") or self.steps(request, obj)
            context["workflow_state"] = obj.get_status_display() if hasattr(obj, "get_status_display") else ""
        elif add:
            context["workflow_starts"] = self.how_it_starts()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def how_it_starts(self):
        """Why the status of a new row cannot be chosen: where it starts and the steps that follow."""
        workflow = self.workflow
        states = workflow.states
        first = workflow.initial[0]
        steps = [str(t.label) for t in workflow.transitions if first in t.source]
        return _(
            "A new %(noun)s starts as “%(state)s”: its status is not chosen here. Once saved, it moves only through "
            "the steps of its workflow, offered on its page (from “%(state)s”: %(steps)s)."
        ) % {
            "noun": workflow.noun or self.opts.verbose_name,
            "state": states(first).label,
            "steps": ", ".join(steps) or "–",
        }

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and "_workflow_step" in request.POST:
            return self.take_step(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def take_step(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        transition = self.workflow.by_name(request.POST["_workflow_step"])
        if transition is None:
            raise PermissionDenied
        form = step_form(self.workflow, transition, obj, request.POST, prefix=transition.name)
        if form.is_valid():
            try:
                obj = self.workflow.take(
                    obj, request.user, transition.name, version=request.POST.get("seen_version"), **step_data(form)
                )
            except ValidationError as error:
                self.message_user(request, f"{transition.label}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{transition.label}: {obj}", messages.SUCCESS)
                followed = getattr(obj, "taken_up_as", None)
                if followed is not None:
                    return HttpResponseRedirect(admin_url(followed))
        else:
            errors = " ".join(str(m) for messages_ in form.errors.values() for m in messages_)
            self.message_user(request, f"{transition.label}: {errors}", messages.ERROR)
        return HttpResponseRedirect(request.path)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not getattr(request, "reverting", False):
            return form
        fields = self.workflow_fields

        class RevertForm(form):
            """An earlier version's content, with today's status and stamps: a revert is not a workflow step."""

            def __init__(self, *args, instance=None, **kw):
                if instance is not None and instance.pk is not None:
                    keep_stored(instance, fields)
                super().__init__(*args, instance=instance, **kw)

        return RevertForm

    def save_model(self, request, obj, form, change):
        if change:  # the stored status and stamps win over whatever the form carried
            keep_stored(obj, self.workflow_fields)
        super().save_model(request, obj, form, change)


def keep_stored(obj, fields):
    """Put the stored values of `fields` back on `obj` (one query)."""
    names = [obj._meta.get_field(field).attname for field in fields]
    stored = type(obj)._base_manager.filter(pk=obj.pk).values(*names).first() or {}
    for name, value in stored.items():
        setattr(obj, name, value)
    obj._remember_state()


def admin_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def step_action(workflow, transition):
    """A changelist action taking one workflow step on each selected row (rows it does not fit are reported)."""

    def action(modeladmin, request, queryset):
        done = 0
        for obj in queryset:
            try:
                workflow.take(obj, request.user, transition.name)
            except ValidationError as error:
                modeladmin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            message = ngettext("%(count)d record updated.", "%(count)d records updated.", done) % {"count": done}
            modeladmin.message_user(request, f"{transition.label}: {message}", messages.SUCCESS)

    action.__name__ = f"step_{transition.name}"
    action.short_description = _("%(step)s the selected %(things)s") % {
        "step": transition.label,
        "things": workflow.model._meta.verbose_name_plural,
    }
    action.allowed_permissions = ("change",)
    return action
