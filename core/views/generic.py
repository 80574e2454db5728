"""Thin base classes for the portal's pages, so a per-model view is a few declarative lines (NetBox's views/generic).

Every page asks the permission rules in core.permissions through the querysets (`restrict(queryset, user, action)`);
every list page filters with the same `<Model>FilterSet` as the API. A page that changes a row looks the row up
among the rows the user may change and answers 403 otherwise, before reading the form; a page that creates one
asks whether the user may add under its parent; both check the saved row against the rule before commit.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from core import spreadsheets
from core.concurrency import lock_fresh
from core.files import FileMissing, file_response
from core.forms import WorkflowModelForm, step_data, step_form
from core.paging import BoundedCountPaginator
from core.permissions import DELETE, VIEW, is_reader, may_add_under, may_change, may_keep, require_kept, restrict
from core.workflows import workflow_for


def may_use_portal(user):
    """Secretariat staff and coordinators; partner systems (service accounts) use the API only."""
    return is_reader(user) and not user.is_service_account


class PortalAccessMixin:
    """Signed in (else the login page) and a portal user (else 403)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_use_portal(request.user):
            raise PermissionDenied(_("This account cannot use the portal."))
        return super().dispatch(request, *args, **kwargs)


def ordered(queryset):
    """The queryset in a stable order: an aggregate annotation drops Meta.ordering, and a page needs an order."""
    if queryset.ordered:
        return queryset
    return queryset.order_by(*(queryset.model._meta.ordering or ()), "pk")


class ObjectListView(PortalAccessMixin, ListView):
    """A filtered, searchable, sortable, paginated list of the rows the user may see.

    Declare `model`, `filterset_class`, `table_template` (the rows) and optionally `related` (select_related) and
    `prefetch`. An htmx request (the filter form as you type) gets only the results part of the page.
    `?export=csv|xlsx` downloads the same rows, as filtered and sorted, unpaginated (`export_columns` names the
    columns; by default every plain field of the model, core.spreadsheets).
    """

    export_columns = None
    exportable = True

    filterset_class = None
    table_template = None
    related = ()
    prefetch = ()
    paginate_by = 25
    # Counted exactly up to 10,000 rows, "more than 10,000" beyond, and paged that deep (core.paging).
    paginator_class = BoundedCountPaginator
    hidden_filters = ("updated_since",)
    # Filters by a row's id (`?action_plan=7`) that work from links but are not offered as a list of every row (a
    # choice of thousands of plans or meetings would weigh more than the page): a hidden input keeps them in the form.
    id_filters = ()
    template_name = "portal/object_list.html"
    results_template = "portal/includes/results.html"
    title = None

    too_deep = False

    def paginate_queryset(self, queryset, page_size):
        """A page beyond the rows a long list pages through (its count stopped at a bound) is answered with 400 and
        a word on how to reach those rows, not with "page not found"."""
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            paginator = self.get_paginator(queryset, page_size)
            page = self.request.GET.get(self.page_kwarg, "")
            if getattr(paginator, "count_is_exact", True) or not page.isdigit() or int(page) <= paginator.num_pages:
                raise
            self.too_deep = True
            return paginator, None, queryset.none(), False

    def render_to_response(self, context, **response_kwargs):
        if self.too_deep:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)

    def get_base_queryset(self):
        queryset = restrict(self.model._default_manager.all(), self.request.user, VIEW)
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset

    def get_queryset(self):
        queryset = self.get_base_queryset()
        self.filterset = self.filterset_class(self.request.GET, queryset=queryset, request=self.request)
        for name in self.hidden_filters:
            self.filterset.form.fields.pop(name, None)
        for name in self.id_filters:
            self.filterset.form.fields[name].widget = forms.HiddenInput()
        if not self.filterset.is_valid():
            return queryset.none()
        return ordered(self.filterset.qs)

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if self.exportable and fmt in spreadsheets.FORMATS:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def get_export_columns(self):
        return spreadsheets.columns_for(self.model, self.export_columns)

    def export(self, fmt):
        return spreadsheets.export_response(self.get_queryset(), self.get_export_columns(), fmt)

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.results_template]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context.update(
            filterset=self.filterset,
            filter_form=self.filterset.form,
            table_template=self.table_template,
            title=self.title or self.model._meta.verbose_name_plural.capitalize(),
            querystring=query.urlencode(),
            current_ordering=self.request.GET.get("ordering", ""),
            exportable=self.exportable,
            too_deep=self.too_deep,
        )
        return context


class ObjectDetailView(PortalAccessMixin, DetailView):
    """One row the user may see (404 otherwise, so a hidden row's existence is not told)."""

    related = ()
    prefetch = ()

    def get_queryset(self):
        queryset = restrict(self.model._default_manager.all(), self.request.user, VIEW)
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset


class FormErrorsMixin:
    """Validate and save inside one transaction (the row lock the form's version check takes lives in it); a
    ValidationError from a model, a service or a workflow step becomes a form error, nothing saved. The saved row
    must be one the user may keep (core.permissions.require_kept): otherwise the transaction rolls back and the
    answer is 403. A form refused because someone changed the row meanwhile answers 409, else 400."""

    heading = None

    def save(self, form):
        form.instance._history_user = self.request.user
        return form.save()

    def get_cancel_url(self):
        return "../"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("heading", self.heading)
        context["cancel_url"] = self.get_cancel_url()
        context["files_not_kept"] = getattr(self, "files_not_kept", [])
        return context

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        stored_state = form.instance.__dict__.get("_loaded_state")  # None for a new row
        try:
            with transaction.atomic():
                self.object = self.save(form)
                # A workflow step authorizes itself (its rule is asked on the row as it stood); what a step leaves
                # behind may be beyond the user's reach by design (a submitted report, an implemented decision).
                if not took_step(self.object, stored_state):
                    require_kept(self.request.user, self.object)
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        # A browser cannot put a chosen file back into a file field: the page names the files that were chosen and
        # not saved, so the person knows to choose them again (nothing is kept of a refused form).
        self.files_not_kept = [upload.name for _name, uploads in self.request.FILES.lists() for upload in uploads]
        response = super().form_invalid(form)
        stale = any(error.code == "stale" for errors in form.errors.as_data().values() for error in errors)
        response.status_code = 409 if stale else 400
        return response


def took_step(obj, stored_state):
    """Did saving `obj` move it through its workflow (from `stored_state`, or from where a new row starts)?"""
    workflow = workflow_for(type(obj))
    if workflow is None:
        return False
    state = workflow.state_of(obj)
    return state not in workflow.initial if stored_state is None else state != stored_state


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.error_list)


class NoLongerEditable(Exception):
    """The row was changeable when the form was shown and is not any more (a step or another save came between)."""


class ObjectEditView(PortalAccessMixin, FormErrorsMixin, UpdateView):
    """Change a row the user may change: 404 for a row they may not see, 403 for one they may see only.

    A POST locks the row first, so concurrent saves of one row queue and each sees the previous one's result. A form
    that no longer applies (the row was submitted, implemented, ... since it was shown) is answered with the form
    again and a message saying so (409), nothing saved; on a GET, the owner of such a row is sent to its page with
    that message (`detail_url_name`). A form moving the status (core.forms.WorkflowModelForm) is given the user, to
    offer and take the steps open to them."""

    template_name = "portal/object_form.html"
    detail_url_name = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.get_form_class(), WorkflowModelForm):
            kwargs["user"] = self.request.user
        return kwargs

    def get_queryset(self):
        return restrict(self.model._default_manager.all(), self.request.user, VIEW)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if self.request.method == "POST":
            obj = lock_fresh(obj)  # inside FormErrorsMixin.post's transaction
        user = self.request.user
        if may_change(user, obj):
            return obj
        seen = self.request.POST.get("seen_version")
        changed_meanwhile = seen not in (None, "") and str(seen) != str(obj.lock_version)
        if changed_meanwhile or may_keep(user, obj):  # theirs, but not in a state that can be changed
            self.object = obj
            raise NoLongerEditable
        raise PermissionDenied(_("You may not change this."))

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except NoLongerEditable:
            if self.detail_url_name is None:
                raise PermissionDenied(no_longer_editable(self.object)) from None
            messages.error(request, no_longer_editable(self.object))
            return redirect(self.detail_url_name, pk=self.object.pk)

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except NoLongerEditable:
            # The form again, bound to what was sent, with why nothing was saved (its version check locks the row
            # again: a transaction of its own, the first one having ended with the refusal).
            with transaction.atomic():
                form = self.get_form()
                form.is_valid()
                form.add_error(None, ValidationError(no_longer_editable(self.object), code="stale"))
                return self.form_invalid(form)


def no_longer_editable(obj):
    workflow = workflow_for(type(obj))
    what = (workflow.noun if workflow and workflow.noun else None) or obj._meta.verbose_name
    if workflow is None:
        return _("This %(what)s can no longer be changed by you. Nothing was saved.") % {"what": what}
    return _("This %(what)s is already %(status)s and can no longer be changed. Nothing was saved.") % {
        "what": what,
        "status": workflow.label(workflow.state_of(obj)),
    }


class ObjectCreateView(PortalAccessMixin, FormErrorsMixin, CreateView):
    """Create a row under a parent: the parent must be one the user sees (404) and may add rows under (403,
    core.permissions.may_add_under); the saved row is checked again by the permission rule (FormErrorsMixin)."""

    template_name = "portal/object_form.html"
    parent_model = None

    def get_parent(self):
        visible = restrict(self.parent_model._default_manager.all(), self.request.user, VIEW)
        parent = get_object_or_404(visible, pk=self.kwargs["pk"])
        if not may_add_under(self.request.user, self.model, parent):
            raise PermissionDenied(_("You may not add %(what)s here.") % {"what": self.model._meta.verbose_name_plural})
        return parent

    def get(self, request, *args, **kwargs):
        self.parent = self.get_parent()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.parent = self.get_parent()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.build_instance()
        return kwargs

    def build_instance(self):
        return self.model()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent"] = self.parent
        return context


class ObjectDeleteView(PortalAccessMixin, View):
    """POST: delete (withdraw, remove) a row the user may delete: 404 for a row they may not see, 403 for one that is
    not theirs. The row is locked (`lock_row`) and the rule asked again under the lock: a row of theirs that can no
    longer go (a step or another save came between) is kept, and they are sent back with why (`no_longer_message`).
    `refuse(obj)` may raise PermissionDenied for reasons beyond the rule."""

    model = None
    success_message = None

    def refuse(self, obj):
        """Raise PermissionDenied when `obj` may not be deleted for a reason the rule does not hold."""

    def lock_row(self, obj):
        return lock_fresh(obj)

    def no_longer_message(self, obj):
        return no_longer_editable(obj)

    def get_success_url(self, obj):
        raise NotImplementedError

    def post(self, request, pk):
        user = request.user
        obj = get_object_or_404(restrict(self.model._default_manager.all(), user, VIEW), pk=pk)
        self.refuse(obj)
        with transaction.atomic():
            locked = self.lock_row(obj)
            url = self.get_success_url(locked)
            if not restrict(self.model._default_manager.filter(pk=pk), user, DELETE).exists():
                if not may_keep(user, locked):
                    raise PermissionDenied(_("You may not change this."))
                messages.error(request, self.no_longer_message(locked))
                return redirect(url)
            locked._history_user = user
            locked.delete()
        messages.success(request, self.success_message)
        return redirect(url)


class FileDownloadView(PortalAccessMixin, View):
    """Streams the file of a row the user may see (404 otherwise): uploads are never served from a public path."""

    model = None
    file_field = "file"

    def get(self, request, pk):
        obj = restrict(self.model.objects.all(), request.user, VIEW).filter(pk=pk).first()
        if obj is None or not getattr(obj, self.file_field):
            raise Http404
        try:
            return file_response(obj, self.file_field)
        except FileMissing as missing:
            return render(request, "core/file_missing.html", {"message": str(missing), "object": obj}, status=404)


class WorkflowStepView(PortalAccessMixin, View):
    """POST: take one workflow step on a row the user may see (core.workflows decides whether they may take it),
    with the step's inputs from the form; then back to the row's page (or to the row the step created)."""

    model = None
    detail_url_name = None

    def post(self, request, pk, step):
        obj = get_object_or_404(restrict(self.model._default_manager.all(), request.user, VIEW), pk=pk)
        workflow = workflow_for(self.model)
        transition = workflow.by_name(step)
        if transition is None:
            raise Http404
        form = step_form(workflow, transition, obj, request.POST, prefix=transition.name)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(self.detail_url_name, pk=obj.pk)
        try:
            obj = workflow.take(obj, request.user, step, version=request.POST.get("seen_version"), **step_data(form))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.detail_url_name, pk=pk)
        messages.success(request, _("%(step)s: done.") % {"step": transition.label})
        followed = getattr(obj, "taken_up_as", None)
        return redirect(self.detail_url_name, pk=(followed or obj).pk)


class SpreadsheetImportView(PortalAccessMixin, View):
    """Upload an edited spreadsheet of rows (core.spreadsheets.ImportSpec): a preview of every change, row by row,
    with what is wrong with each refused row; then "Apply" changes them all in one transaction, or none.

    The preview keeps the uploaded rows in the session under a token; "Apply" sends only the token, and the rows
    are checked again as they are applied (a re-sent preview is never trusted). `?download=xlsx|csv` gives the rows
    the user may change, in the columns the upload reads.
    """

    spec = None
    list_url_name = None
    template_name = "portal/spreadsheet_import.html"

    def get(self, request):
        fmt = request.GET.get("download")
        if fmt in spreadsheets.FORMATS:
            queryset = ordered(self.spec.editable(request.user))
            return spreadsheets.export_response(queryset, self.spec.columns(), fmt)
        return self.render(request)

    def post(self, request):
        token = request.POST.get("token")
        if token:
            return self.apply(request, token)
        upload = request.FILES.get("file")
        if upload is None:
            return self.render(request, errors=[_("Choose a file to upload.")], status=400)
        try:
            rows = spreadsheets.read_rows(upload)
        except spreadsheets.UnreadableFile as error:
            return self.render(request, errors=[str(error)], status=400)
        plan = spreadsheets.plan_import(self.spec, request.user, rows)
        token = spreadsheets.keep_rows(request.session, self.spec, rows) if plan.ok and plan.changed_rows else None
        return self.render(request, plan=plan, token=token, filename=upload.name, status=200 if plan.ok else 400)

    def apply(self, request, token):
        rows = spreadsheets.kept_rows(request.session, self.spec, token)
        if rows is None:
            return self.render(request, errors=[_("This upload has expired: upload the file again.")], status=400)
        plan = spreadsheets.apply_import(self.spec, request.user, rows)
        if not plan.ok:
            return self.render(request, plan=plan, status=400)
        spreadsheets.forget_rows(request.session, token)
        messages.success(request, spreadsheets.applied_message(plan))
        return redirect(self.list_url_name)

    def render(self, request, status=200, **context):
        context.setdefault("errors", [])
        context.update(
            spec=self.spec,
            title=self.spec.title or _("Upload changes"),
            list_url=self.list_url_name,
            editable_columns=[str(self.spec.model._meta.get_field(name).verbose_name) for name in self.spec.fields],
        )
        return render(request, self.template_name, context, status=status)
