"""The events partner systems may subscribe to: one declaration per kind of record, read by every door.

An event is named `<resource>.<verb>`. A `Source` says which model a resource is, which API viewset serves it (so
the payload is the JSON that viewset serves to the subscriber's owner, and the owner sees exactly the rows that
viewset would show: the one permission rule), and which happenings are announced: workflow steps (by the step's
past-tense verb, core.workflows.Transition.event), a new row (`created`) and a change that is not a step
(`updated`). The domain apps know nothing of this module.
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps


@dataclass(frozen=True)
class Source:
    resource: str  # "report"
    model: str  # "measures.implementationreport"
    viewset: str  # "measures.api.views.ImplementationReportViewSet"
    steps: dict = field(default_factory=dict)  # workflow verb -> event verb, e.g. {"accepted": "accepted"}
    created: str = ""  # the verb announced for a new row, e.g. "created"
    updated: str = ""  # the verb announced for a change outside a workflow step, e.g. "updated"
    created_when: object = None  # optional: (instance) -> the verb for a new row, overriding `created`
    announced: tuple = ()  # verbs announced by a job rather than by a save

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def viewset_class(self):
        module, _dot, name = self.viewset.rpartition(".")
        return getattr(__import__(module, fromlist=[name]), name)

    def event_types(self):
        verbs = [*self.steps.values(), self.created, self.updated, *self.announced]
        if self.created_when is not None:
            verbs += list(self.created_when.verbs)
        return [f"{self.resource}.{verb}" for verb in dict.fromkeys(verbs) if verb]


class DocumentCreated:
    """An original document is published; a revision, corrigendum or addendum is a revision of it."""

    verbs = ("published", "revised")

    def __call__(self, document):
        return "published" if document.revision_kind == "original" else "revised"


SOURCES = (
    Source(
        "report",
        "measures.implementationreport",
        "measures.api.views.ImplementationReportViewSet",
        steps={"submitted": "submitted", "accepted": "accepted", "returned": "returned"},
    ),
    Source("plan", "measures.actionplan", "measures.api.views.ActionPlanViewSet", steps={"approved": "approved"}),
    Source(
        "measure",
        "measures.measure",
        "measures.api.views.MeasureViewSet",
        steps={"adopted": "adopted", "retired": "retired"},
        created="proposed",
    ),
    Source("activity", "measures.activity", "measures.api.views.ActivityViewSet", updated="updated"),
    Source(
        "meeting",
        "secretariat.meeting",
        "secretariat.api.views.MeetingViewSet",
        steps={"concluded": "concluded"},
        created="created",
        updated="updated",
    ),
    Source(
        "decision",
        "secretariat.decision",
        "secretariat.api.views.DecisionViewSet",
        steps={"referred": "referred", "implemented": "implemented"},
        created="created",
        updated="updated",
    ),
    Source(
        "document",
        "secretariat.document",
        "secretariat.api.views.DocumentViewSet",
        created_when=DocumentCreated(),
    ),
    Source(
        "agreement",
        "relations.agreement",
        "relations.api.views.AgreementViewSet",
        steps={"signed": "signed", "expired": "expired"},
        announced=("expiring",),  # by the daily job (webhooks.services.announce_expiring_agreements)
    ),
    Source(
        "registration",
        "participation.registration",
        "participation.api.views.RegistrationViewSet",
        created="opened",
        updated="updated",
    ),
    # The payload is what the API serves the subscriber's owner: a partner sees a delegation once it is on an issued
    # list of participants, without personal details.
    Source(
        "delegation",
        "participation.delegation",
        "participation.api.views.DelegationViewSet",
        steps={"submitted": "submitted", "accredited": "accredited", "returned": "returned"},
    ),
    Source(
        "speakers-list",
        "speakers.speakerslist",
        "speakers.api.views.SpeakersListViewSet",
        steps={"closed": "closed", "reopened": "reopened"},
    ),
    Source(
        "inscription",
        "speakers.inscription",
        "speakers.api.views.InscriptionViewSet",
        steps={"spoke": "spoke"},
        created="created",
    ),
    Source(
        "statement",
        "speakers.statement",
        "speakers.api.views.StatementViewSet",
        steps={"published": "published"},
    ),
    Source(
        "silence",
        "silence.silenceprocedure",
        "silence.api.views.SilenceProcedureViewSet",
        steps={"started": "started", "broken": "broken", "adopted": "concluded", "not_adopted": "concluded"},
    ),
)


@cache
def by_model():
    return {source.model: source for source in SOURCES}


@cache
def by_resource():
    return {source.resource: source for source in SOURCES}


def source_for(model):
    return by_model().get(model._meta.label_lower)


def event_types():
    """Every event a subscription may ask for, in declaration order."""
    return [name for source in SOURCES for name in source.event_types()]


def event_choices():
    return [(name, name) for name in event_types()]


TEST_EVENT = "webhook.test"
