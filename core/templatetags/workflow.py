"""{% workflow_steps obj "app:model_step" %}: the workflow steps the user may take on `obj`, each a small form posting
to a core.views.generic.WorkflowStepView (the same steps the admin and the API offer)."""

from django import template

from core.forms import step_form
from core.workflows import workflow_for

register = template.Library()


@register.inclusion_tag("portal/includes/workflow_steps.html", takes_context=True)
def workflow_steps(context, obj, url_name):
    workflow = workflow_for(type(obj))
    user = context["request"].user
    steps = [
        (transition, step_form(workflow, transition, obj, prefix=transition.name))
        for transition in (workflow.available(obj, user) if workflow else [])
    ]
    return {"steps": steps, "object": obj, "url_name": url_name, "csrf_token": context.get("csrf_token")}
