"""factory-boy factories, one for every model: each builds a valid row with the fewest choices made.

Rows are written as data, past the workflows (core.workflows.importing): a test sets up a report already accepted
or a decision already referred, then acts through the door it tests.
"""

import datetime

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from accounts.models import Role, User
from accounts.tokens import APIToken
from chairmanship import models as chair
from chairmanship.choices import CicaStatus, InstrumentKind, SubRegion
from core.workflows import importing
from measures import models as cbm
from measures.choices import CoordinationRole, PlanStatus, ReportStatus
from relations import models as rel
from relations.choices import AgreementStatus, PartnerKind
from secretariat import models as sec
from secretariat.choices import ContributionKind, StaffCategory
from speakers import models as spk
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription

TODAY = datetime.date(2021, 6, 1)


class DomainFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with importing():
            return super()._create(model_class, *args, **kwargs)


def _iso2(n):
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "Z" + letters[n % 26] if n < 26 else letters[(n // 26) % 26] + letters[n % 26]


class CountryFactory(DomainFactory):
    class Meta:
        model = chair.Country
        django_get_or_create = ("iso2",)

    name = factory.Sequence(lambda n: f"Country {n}")
    name_ru = factory.Sequence(lambda n: f"Страна {n}")
    iso2 = factory.Sequence(_iso2)
    cica_status = CicaStatus.MEMBER
    subregion = SubRegion.CENTRAL_ASIA
    joined_on = datetime.date(1999, 9, 14)


class ObserverStateFactory(CountryFactory):
    cica_status = CicaStatus.OBSERVER
    subregion = SubRegion.EASTERN_ASIA


class UserFactory(DomainFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.SERVICE
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805 - factory-boy's signature
        if create:
            obj.save()


class SecretariatUserFactory(UserFactory):
    """A Secretariat officer as staff are set up: staff, in the "Secretariat officers" group (accounts.officers)."""

    is_staff = True
    role = Role.SECRETARIAT

    @factory.post_generation
    def officers_group(obj, create, extracted, **kwargs):  # noqa: N805 - factory-boy's signature
        if create:
            from accounts.officers import officers_group

            obj.groups.add(officers_group())


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR
    country = factory.SubFactory(CountryFactory)


class FocalPointFactory(UserFactory):
    """An account that acts for its state in the meeting cycle and does nothing else (see also a coordinator with
    is_focal_point=True)."""

    role = Role.FOCAL_POINT
    is_focal_point = True
    country = factory.SubFactory(CountryFactory)


class ServiceAccountFactory(UserFactory):
    role = Role.SERVICE
    partner = factory.SubFactory("tests.factories.PartnerOrganizationFactory")


class ChairmanshipFactory(DomainFactory):
    class Meta:
        model = chair.Chairmanship

    country = factory.SubFactory(CountryFactory)
    # Terms after the ones tests name explicitly, within the years every date must lie in (1990-2100).
    start_on = factory.Sequence(lambda n: datetime.date(2030 + 2 * (n % 35), 1, 1))
    end_on = factory.LazyAttribute(lambda c: c.start_on.replace(year=c.start_on.year + 2))
    theme = "Partnership for Security and Development in Asia"


class SustainableDevelopmentGoalFactory(DomainFactory):
    class Meta:
        model = chair.SustainableDevelopmentGoal
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n % 17 + 1)
    title = factory.LazyAttribute(lambda g: f"Goal {g.number}")


class PriorityFactory(DomainFactory):
    class Meta:
        model = chair.Priority

    chairmanship = factory.SubFactory(ChairmanshipFactory)
    number = factory.Sequence(lambda n: f"2.{n + 1}")
    title = factory.Sequence(lambda n: f"Priority {n}")


class InitiativeFactory(DomainFactory):
    class Meta:
        model = chair.Initiative

    priority = factory.SubFactory(PriorityFactory)
    title = factory.Sequence(lambda n: f"Initiative {n}")
    owner = "The Chair"
    status = "proposed"
    progress = factory.LazyAttribute(lambda initiative: 100 if initiative.status == "achieved" else 0)


class LegalInstrumentFactory(DomainFactory):
    class Meta:
        model = chair.LegalInstrument

    title = factory.Sequence(lambda n: f"Regulations {n}")
    kind = InstrumentKind.REGULATIONS
    adopted_on = datetime.date(2006, 6, 17)


class AmendmentFactory(DomainFactory):
    class Meta:
        model = chair.Amendment

    instrument = factory.SubFactory(LegalInstrumentFactory)
    title = factory.Sequence(lambda n: f"Amendment {n}")
    proposed_by = factory.SubFactory(CountryFactory)
    proposed_on = TODAY


class DimensionFactory(DomainFactory):
    class Meta:
        model = cbm.Dimension
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dimension-{n}")
    name = factory.Sequence(lambda n: f"Dimension {n}")
    name_ru = factory.Sequence(lambda n: f"Измерение {n}")


class MeasureFactory(DomainFactory):
    class Meta:
        model = cbm.Measure

    dimension = factory.SubFactory(DimensionFactory)
    code = factory.Sequence(lambda n: f"measure-{n}")
    title = factory.Sequence(lambda n: f"Measure {n}")
    status = "adopted"
    adopted_on = datetime.date(2004, 10, 22)


class CoordinationFactory(DomainFactory):
    class Meta:
        model = cbm.Coordination

    measure = factory.SubFactory(MeasureFactory)
    country = factory.SubFactory(CountryFactory)
    role = CoordinationRole.COORDINATOR
    start_on = datetime.date(2020, 1, 1)


class ActionPlanFactory(DomainFactory):
    class Meta:
        model = cbm.ActionPlan
        skip_postgeneration_save = True

    measure = factory.SubFactory(MeasureFactory)
    version = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda p: f"Action plan for {p.measure}")
    period_start = datetime.date(2021, 1, 1)
    period_end = datetime.date(2022, 12, 31)
    status = PlanStatus.APPROVED
    approved_on = datetime.date(2020, 12, 15)


class ActivityFactory(DomainFactory):
    class Meta:
        model = cbm.Activity

    action_plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    start_on = datetime.date(2021, 5, 10)
    end_on = datetime.date(2021, 5, 11)
    host_country = factory.SubFactory(CountryFactory)


class ImplementationReportFactory(DomainFactory):
    class Meta:
        model = cbm.ImplementationReport

    measure = factory.SubFactory(MeasureFactory)
    country = factory.SubFactory(CountryFactory)
    period_start = datetime.date(2021, 1, 1)
    period_end = datetime.date(2021, 6, 30)
    due_on = datetime.date(2021, 7, 31)
    narrative = "Progress made on the action plan."
    status = ReportStatus.DRAFT
    submitted_at = factory.LazyAttribute(
        lambda report: (
            None if report.status == ReportStatus.DRAFT else datetime.datetime(2021, 7, 1, tzinfo=datetime.UTC)
        )
    )
    feedback = factory.LazyAttribute(
        lambda report: "Please add figures." if report.status == ReportStatus.RETURNED else ""
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        measure, country = kwargs["measure"], kwargs["country"]
        if not cbm.Coordination.objects.filter(measure=measure, country=country).exists():
            CoordinationFactory(measure=measure, country=country)
        return super()._create(model_class, *args, **kwargs)


class ReportAttachmentFactory(DomainFactory):
    class Meta:
        model = cbm.ReportAttachment

    report = factory.SubFactory(ImplementationReportFactory)
    title = "Annex"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 annex", name="annex.pdf"))


class MeetingBodyFactory(DomainFactory):
    class Meta:
        model = sec.MeetingBody
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"B{n}")
    name = factory.LazyAttribute(lambda b: f"Body {b.code}")
    level = 1


class MeetingFactory(DomainFactory):
    class Meta:
        model = sec.Meeting

    body = factory.SubFactory(MeetingBodyFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_on = datetime.date(2021, 6, 22)
    end_on = datetime.date(2021, 6, 23)
    venue = "Nur-Sultan"
    host_country = factory.SubFactory(CountryFactory)


class AgendaItemFactory(DomainFactory):
    class Meta:
        model = sec.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class DocumentFactory(DomainFactory):
    class Meta:
        model = sec.Document

    title = factory.Sequence(lambda n: f"Document {n}")
    issued_on = TODAY
    meeting = factory.SubFactory(MeetingFactory)


class DocumentSymbolSequenceFactory(DomainFactory):
    class Meta:
        model = sec.DocumentSymbolSequence
        django_get_or_create = ("prefix",)

    prefix = factory.Sequence(lambda n: f"CICA/TEST/{2000 + n}")


class DocumentLanguageVersionFactory(DomainFactory):
    class Meta:
        model = sec.DocumentLanguageVersion

    document = factory.SubFactory(DocumentFactory)
    language = "en"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 text", name="text.pdf"))


class DecisionFactory(DomainFactory):
    class Meta:
        model = sec.Decision

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Decision {n}")
    text = "The meeting agreed to proceed."
    deadline = datetime.date(2021, 12, 31)
    status = "open"
    progress = factory.LazyAttribute(lambda decision: 100 if decision.status == "implemented" else 0)


class StaffPositionFactory(DomainFactory):
    class Meta:
        model = sec.StaffPosition
        django_get_or_create = ("title",)

    title = factory.Sequence(lambda n: f"Adviser {n}")
    category = StaffCategory.ADVISER


class StaffMemberFactory(DomainFactory):
    class Meta:
        model = sec.StaffMember

    full_name = factory.Sequence(lambda n: f"Staff Member {n}")
    position = factory.SubFactory(StaffPositionFactory)
    nationality = factory.SubFactory(CountryFactory)
    contract_start = datetime.date(2020, 1, 1)


class ContributionFactory(DomainFactory):
    class Meta:
        model = sec.Contribution

    country = factory.SubFactory(CountryFactory)
    year = factory.Sequence(lambda n: 2007 + n)
    kind = ContributionKind.ASSESSED
    assessed_amount = 50000
    paid_amount = 25000


class PartnerOrganizationFactory(DomainFactory):
    class Meta:
        model = rel.PartnerOrganization
        django_get_or_create = ("acronym",)

    acronym = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.LazyAttribute(lambda p: f"Organization {p.acronym}")
    kind = PartnerKind.REGIONAL


class AgreementFactory(DomainFactory):
    class Meta:
        model = rel.Agreement

    partner = factory.SubFactory(PartnerOrganizationFactory)
    title = factory.Sequence(lambda n: f"Memorandum of Understanding {n}")
    signed_on = datetime.date(2014, 5, 20)
    signed_at = "Shanghai"
    entry_into_force_on = datetime.date(2014, 5, 20)
    status = AgreementStatus.IN_FORCE


class JointActivityFactory(DomainFactory):
    class Meta:
        model = rel.JointActivity

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Joint seminar {n}")
    start_on = datetime.date(2021, 9, 1)


class ContactFactory(DomainFactory):
    class Meta:
        model = rel.Contact

    partner = factory.SubFactory(PartnerOrganizationFactory)
    full_name = factory.Sequence(lambda n: f"Contact Person {n}")
    email = factory.LazyAttribute(lambda c: f"{c.full_name.lower().replace(' ', '.')}@example.org")


class APITokenFactory(DomainFactory):
    """Issued through the model's own `issue()`, which makes the secret and stores only its hash.

    The plain key is on the returned token as `.key`.
    """

    class Meta:
        model = APIToken

    user = factory.SubFactory(ServiceAccountFactory)
    name = factory.Sequence(lambda n: f"Partner sync {n}")
    scope = "read"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token, token.key = model_class.objects.issue(**kwargs)
        return token


class WebhookSubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = WebhookSubscription

    owner = factory.SubFactory(ServiceAccountFactory)
    name = factory.Sequence(lambda n: f"Partner tracker {n}")
    url = "https://hooks.example.org/cica"
    events = factory.LazyFunction(lambda: ["report.accepted"])


class WebhookEventFactory(DjangoModelFactory):
    class Meta:
        model = WebhookEvent

    type = "report.accepted"
    object_model = "measures.implementationreport"
    object_id = factory.LazyFunction(lambda: ImplementationReportFactory(status=ReportStatus.ACCEPTED).pk)


class WebhookDeliveryFactory(DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    event = factory.SubFactory(WebhookEventFactory)
    subscription = factory.SubFactory(WebhookSubscriptionFactory)
    body = factory.LazyAttribute(lambda d: {"id": d.event.webhook_id, "type": d.event.type, "data": {}})


class WebhookAttemptFactory(DjangoModelFactory):
    class Meta:
        model = WebhookAttempt

    delivery = factory.SubFactory(WebhookDeliveryFactory)
    number = 1
    started_at = factory.LazyFunction(lambda: datetime.datetime(2021, 6, 1, 9, tzinfo=datetime.UTC))
    status_code = 200
    duration_ms = 12


# --- participation (delegations) -----------------------------------------------------------------------------


def _pdf_bytes(text="Letter of credentials"):
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


class RegistrationFactory(DomainFactory):
    class Meta:
        model = "participation.Registration"
        django_get_or_create = ("meeting",)

    meeting = factory.SubFactory(MeetingFactory)
    deadline = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=10))


class DelegationFactory(DomainFactory):
    class Meta:
        model = "participation.Delegation"

    meeting = factory.SubFactory(MeetingFactory)
    country = factory.SubFactory(CountryFactory)
    credentials = factory.django.FileField(filename="credentials.pdf", data=_pdf_bytes())

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        RegistrationFactory(meeting=kwargs["meeting"])  # a delegation is nominated under a meeting's registration
        return super()._create(model_class, *args, **kwargs)


class AccreditedDelegationFactory(DelegationFactory):
    status = "accredited"


class ParticipantFactory(DomainFactory):
    class Meta:
        model = "participation.Participant"

    delegation = factory.SubFactory(DelegationFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    function = "Delegate"
    email = factory.LazyAttribute(lambda p: f"{p.name.replace(' ', '.').lower()}@example.org")


# Lists of speakers and statements (speakers) ----------------------------------------------------------------------


def accredited_delegation(meeting, country):
    """`country`'s accredited delegation to `meeting` (with the meeting's registration), as the speakers' lists need."""
    from django.utils import timezone

    from participation.models import Delegation, Registration

    with importing():
        if not Registration.objects.filter(meeting=meeting).exists():
            Registration.objects.create(
                meeting=meeting, deadline=timezone.now() + datetime.timedelta(days=30), invite_observers=True
            )
        delegation, _created = Delegation.objects.get_or_create(
            meeting=meeting, country=country, defaults={"status": "accredited"}
        )
    if delegation.status != "accredited":
        Delegation.objects.filter(pk=delegation.pk).update(status="accredited")
    return delegation


class SpeakersListFactory(DomainFactory):
    class Meta:
        model = spk.SpeakersList

    agenda_item = factory.SubFactory(AgendaItemFactory)


class InscriptionFactory(DomainFactory):
    """A state on a list; its delegation to the meeting is accredited first, as only such a state inscribes."""

    class Meta:
        model = spk.Inscription

    speakers_list = factory.SubFactory(SpeakersListFactory)
    country = factory.SubFactory(CountryFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        accredited_delegation(kwargs["speakers_list"].agenda_item.meeting, kwargs["country"])
        speakers_list = kwargs["speakers_list"]
        if speakers_list.status != "open":  # a list closed already: inscribed while it was open
            model = type(speakers_list)
            model.objects.filter(pk=speakers_list.pk).update(status="open")
            try:
                return super()._create(model_class, *args, **kwargs)
            finally:
                model.objects.filter(pk=speakers_list.pk).update(status=speakers_list.status)
        return super()._create(model_class, *args, **kwargs)


class StatementFactory(DomainFactory):
    """A statement of a state that spoke on the item (its inscription, marked spoke, is made first if missing)."""

    class Meta:
        model = spk.Statement

    speakers_list = factory.SubFactory(SpeakersListFactory)
    country = factory.SubFactory(CountryFactory)
    language = "en"
    title = factory.Sequence(lambda n: f"Statement {n}")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 statement", name="statement.pdf"))
    published_at = factory.LazyAttribute(
        lambda s: datetime.datetime(2021, 6, 23, 12, tzinfo=datetime.UTC) if s.status == "published" else None
    )
    status = "submitted"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        speakers_list, country = kwargs["speakers_list"], kwargs["country"]
        inscription = spk.Inscription.objects.filter(speakers_list=speakers_list, country=country).first()
        if inscription is None:
            InscriptionFactory(speakers_list=speakers_list, country=country, status="spoke")
        elif inscription.status != "spoke":
            spk.Inscription.objects.filter(pk=inscription.pk).update(status="spoke")
        return super()._create(model_class, *args, **kwargs)


# Silence procedures -------------------------------------------------------------------------------------------


def _now():
    from django.utils import timezone

    return timezone.now()


class SilenceProcedureFactory(DomainFactory):
    """A draft decision under silence for a day (running); give `states=[...]` to name the states concerned."""

    class Meta:
        model = "silence.SilenceProcedure"
        skip_postgeneration_save = True

    body = factory.SubFactory(MeetingBodyFactory, code="CSO", level=2)
    decision = factory.SubFactory(
        DecisionFactory,
        meeting=factory.SubFactory(MeetingFactory, body=factory.SelfAttribute("...body")),
        deadline=None,
    )
    status = "running"
    expires_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=1))

    @factory.post_generation
    def states(self, create, extracted, **kwargs):
        if create and extracted:
            self.states.set(extracted)


class SilenceResponseFactory(DomainFactory):
    class Meta:
        model = "silence.SilenceResponse"

    procedure = factory.SubFactory(SilenceProcedureFactory)
    country = factory.SubFactory(CountryFactory)
    kind = "objection"
    text = "The text needs a further round of consultations."


class SilenceNoticeFactory(DjangoModelFactory):
    class Meta:
        model = "silence.SilenceNotice"

    procedure = factory.SubFactory(SilenceProcedureFactory)
    recipient = factory.SubFactory(FocalPointFactory)
    event = "started"
    key = factory.Sequence(lambda n: f"started:{n}")
