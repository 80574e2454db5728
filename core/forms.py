"""Forms every door shares: the versioned model form (no lost updates) and the form of a workflow step's inputs."""

from django import forms
from django.core.exceptions import FieldDoesNotExist

from core.concurrency import lock_fresh
from core.workflows import workflow_for


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class VersionedModelForm(forms.ModelForm):
    """Carries the `lock_version` of the row as it was read (the hidden `seen_version`); saving over someone else's
    later change is refused.

    The check locks the row, so it runs inside the door's transaction (the admin's change view is atomic, and so
    are the portal's form views): two people saving forms opened together get one success and one clear refusal.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Off for a revert from the admin's history page: restoring an older version is the point there.
    check_version = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen_version"].initial = self.instance.lock_version

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("seen_version")
        if self.check_version and self.instance.pk is not None and version is not None:
            current = lock_fresh(self.instance, version)
            self.instance.lock_version = current.lock_version
        return cleaned


class WorkflowModelForm(VersionedModelForm):
    """A form that may also move the row's status: the status select offers the current status and the steps the
    user may take from it; saving writes the other fields, then takes the step (core.workflows) with the form's
    values as its inputs, in the caller's transaction."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.workflow = workflow_for(self._meta.model)
        field = self.fields.get(self.workflow.field)
        if field is not None and self.instance.pk is not None:
            current = self.workflow.state_of(self.instance)
            targets = {current} | {t.target for t in self.workflow.available(self.instance, user)}
            field.choices = [(value, label) for value, label in field.choices if value in targets]

    def save(self, commit=True):
        name = self.workflow.field
        target = self.cleaned_data.get(name)
        stored = self.instance.__dict__.get("_loaded_state")
        if self.instance.pk is None or target is None or target == stored:
            return super().save(commit)
        step = self.workflow.between(stored, target)
        inputs = {key: self.cleaned_data[key] for key in (step.inputs if step else ()) if key in self.cleaned_data}
        # The form's other fields are saved with the step, in one save: the row is checked as it ends up.
        model_fields = {f.name for f in self.instance._meta.concrete_fields}
        changes = {
            key: getattr(self.instance, key)
            for key in self.cleaned_data
            if key in model_fields and key != name and key not in inputs
        }
        return self.workflow.take(self.instance, self.user, target=target, changes=changes, **inputs)


def step_form(workflow, transition, obj, data=None, prefix=None):
    """A form of the inputs a workflow step takes (its `inputs`): model fields keep their own form field; an input
    that is not a field of the model is described by `workflow.input_fields[name](obj)`."""
    fields = {}
    for name in transition.inputs:
        custom = workflow.input_fields.get(name)
        if custom is not None:
            fields[name] = custom(obj)
            continue
        try:
            field = type(obj)._meta.get_field(name).formfield()
        except FieldDoesNotExist as exc:
            raise ValueError(f"{transition.name}: no form field for the input {name!r}") from exc
        field.required = False
        field.initial = getattr(obj, name, None)  # the row's own value, for the step to confirm or change
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
        implied = getattr(transition.check, "implies", {})
        if name in implied:  # e.g. "Mark implemented" means 100% done: sent along, not asked for again
            field.initial, field.widget = implied[name], forms.HiddenInput()
        fields[name] = field
    form_class = type(f"{transition.name.title()}StepForm", (forms.Form,), fields)
    return form_class(data, prefix=prefix)


def step_data(form):
    """The cleaned inputs a step form was given (empty ones left out, so the step's defaults apply)."""
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
