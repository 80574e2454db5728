"""A demo data set dated around today, on top of the reference data.

Every row is found by a stable natural key and brought up to date (see referencedata.loader.Synchronizer), so
running the seed twice duplicates nothing; run on a later day it moves the relative dates along.
"""

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts import two_factor
from accounts.models import Role, User
from accounts.officers import ensure_officers_group
from accounts.tokens import APIToken, TokenScope
from chairmanship.models import Country
from core.workflows import importing
from measures.choices import ActivityKind, ActivityStatus, PlanKind, PlanStatus, ReportStatus
from measures.models import ActionPlan, Activity, Coordination, ImplementationReport, Measure
from participation import demo as participation_demo
from printouts.services import issue_silence_letter
from relations.choices import AgreementKind, AgreementStatus, JointActivityStatus
from relations.models import Agreement, JointActivity, PartnerOrganization
from reporting.services import rollup_status
from secretariat.choices import (
    AgendaItemStatus,
    ContributionKind,
    DecisionStatus,
    Distribution,
    DocumentKind,
    DocumentStatus,
    MeetingStatus,
    ResponsibleParty,
    RevisionKind,
    StaffArea,
    StaffCategory,
)
from secretariat.models import (
    AgendaItem,
    Contribution,
    Decision,
    Document,
    DocumentLanguageVersion,
    Meeting,
    MeetingBody,
    StaffMember,
    StaffPosition,
)
from silence.demo import seed_silence
from speakers.demo import seed_speakers

from .demo_catalogue import CatalogueDemo
from .loader import Synchronizer, load_reference_data, lookup

DEMO_VENUE = "Astana, CICA Secretariat"
DEMO_VENUE_RU = "Астана, Секретариат СВМДА"
PROCEDURAL_TITLES = ("Opening", "Adoption of the agenda", "Closing", "Any other business")
# The partner system of the README's API examples; its demo token is issued afresh (and the last one deleted) on
# every run, because a key is kept only as a hash and so cannot be printed again.
PARTNER_USERNAME = "unodc-system"
PARTNER_TOKEN_NAME = "UNODC data sync (demo)"  # noqa: S105 - a token's label, not a secret
# The Russian version of every official text of the demo (agenda items, documents, decisions), as the Secretariat
# issues them in both working languages.
RUSSIAN = {
    "Opening": "Открытие",
    "Adoption of the agenda": "Утверждение повестки дня",
    "Action plan on epidemiological safety": "План действий по эпидемиологической безопасности",
    "Implementation of the Catalogue": "Осуществление Каталога",
    "Report of the SWG": "Доклад СРГ",
    "Preparations for the Ministerial Meeting": "Подготовка к Совещанию министров",
    "Reports of the coordinators": "Доклады координаторов",
    "Amendments to the Regulations on the Secretariat": "Поправки к Положению о Секретариате",
    "Budget of the Secretariat": "Бюджет Секретариата",
    "Recommendations of the CSO": "Рекомендации КСД",
    "Calendar of events": "Календарь мероприятий",
    "Report of the Special Working Group": "Доклад Специальной рабочей группы",
    "Recommendations of the CSO to the Ministerial Council": "Рекомендации КСД Совещанию министров",
    "Provisional agenda": "Предварительная повестка дня",
    "Draft amendments to the Regulations on the CICA Secretariat": "Проект поправок к Положению о Секретариате СВМДА",
    "Draft amendments to the Regulations on the CICA Secretariat (revised)": (
        "Проект поправок к Положению о Секретариате СВМДА (пересмотренный)"
    ),
    "Concept note: CICA calendar of events": "Концептуальная записка: календарь мероприятий СВМДА",
    "Draft action plan on epidemiological safety": "Проект плана действий по эпидемиологической безопасности",
    "The SWG agreed on the draft action plan and refers it to the CSO.": (
        "СРГ согласовала проект плана действий и передаёт его КСД."
    ),
    "The CSO endorsed the action plan and recommends it to the Ministerial Council.": (
        "КСД одобрил план действий и рекомендует его Совещанию министров."
    ),
    "Adoption of the action plan on epidemiological safety": (
        "Принятие плана действий по эпидемиологической безопасности"
    ),
    "The Ministerial Council adopts the action plan; the coordinators present the first activities.": (
        "Совещание министров принимает план действий; координаторы представляют первые мероприятия."
    ),
    "Information on planned military activities": "Информация о планируемой военной деятельности",
    "Kazakhstan circulates the compiled information on planned military activities to the member states.": (
        "Казахстан рассылает государствам-членам сводную информацию о планируемой военной деятельности."
    ),
    "Annual review of the implementation of CBMs": "Ежегодный обзор осуществления МД",
    "The Secretariat compiles the coordinators' reports into the annual review.": (
        "Секретариат сводит доклады координаторов в ежегодный обзор."
    ),
    "Budget of the Secretariat for next year": "Бюджет Секретариата на следующий год",
    "The Chair consults the member states on the draft budget of the Secretariat.": (
        "Председатель проводит консультации с государствами-членами по проекту бюджета Секретариата."
    ),
    "Calendar of CICA events": "Календарь мероприятий СВМДА",
    "The Secretariat publishes the calendar of CICA events.": "Секретариат публикует календарь мероприятий СВМДА.",
}


@dataclass
class Login:
    username: str
    password: str
    description: str


@dataclass
class DemoToken:
    username: str
    name: str
    scope: str
    key: str


@dataclass
class SecondFactor:
    username: str
    secret: str
    url: str
    recovery_codes: list


class DemoSeeder(CatalogueDemo, Synchronizer):
    def __init__(self, password=None):
        super().__init__()
        self.password = password or secrets.token_urlsafe(12)
        self.today = timezone.localdate()
        self.logins = []
        self.second_factor = None
        self.token = None
        self.rollups = None

    def day(self, offset):
        return self.today + datetime.timedelta(days=offset)

    def moment(self, offset):
        """10:00 local time on the day `offset` days from today: stable for the whole day, so reruns match."""
        return timezone.make_aware(datetime.datetime.combine(self.day(offset), datetime.time(10)))

    def seed(self):
        with transaction.atomic(), importing():
            if not (Country.objects.exists() and Measure.objects.exists() and MeetingBody.objects.exists()):
                load_reference_data()
            self.kz = lookup(Country, iso2="KZ")
            self.accounts()
            self.meetings()
            self.decisions()
            self.plans_and_activities()
            self.catalogue_at_work()
            self.reports()
            self.staff()
            self.contributions()
            self.partnerships()
            participation_demo.seed(self)  # focal points, a registration open, a list of participants issued
            seed_speakers(self)  # lists of speakers and statements, and Kazakhstan's national focal point
            for concluded in seed_silence(self, self.cso2):
                issue_silence_letter(concluded.pk)
        # Today's roll-ups, as the nightly job would store them, and a year of weekly demo history before them
        # (demo_catalogue.CatalogueDemo.rollup_history), so the dashboard's trend has a line to draw.
        self.rollups = rollup_status(self.today)
        self.rollups["history"] = self.rollup_history()
        return self

    # Accounts -------------------------------------------------------------------------------------------------

    def account(self, username, description, **fields):
        user = User.objects.filter(username=username).first() or User(username=username)
        created = changed = user.pk is None
        for name, value in fields.items():
            if getattr(user, name) != value:
                setattr(user, name, value)
                changed = True
        if changed:
            user.set_password(self.password)
            user.full_clean(exclude=["password"])
            user.save()
        elif not user.check_password(self.password):
            # Only the password differs. History leaves passwords out, so write it without a history row.
            user.set_password(self.password)
            User.objects.filter(pk=user.pk).update(password=user.password)
            changed = True
        self.count(User, "created" if created else ("updated" if changed else "unchanged"))
        if all(login.username != username for login in self.logins):  # parts of the demo share accounts (fp-kz)
            self.logins.append(Login(username, self.password, description))
        return user

    def accounts(self):
        # An ordinary officer, as staff are set up: staff, in the "Secretariat officers" group, not a superuser.
        self.officer = self.account(
            "secretariat",
            "Secretariat officer (staff)",
            role=Role.SECRETARIAT,
            is_staff=True,
            is_superuser=False,
            is_active=True,
            email="secretariat@example.org",
            first_name="Secretariat",
            last_name="Officer",
        )
        self.officer.groups.add(ensure_officers_group())
        # Staff sign in with a second factor: the demo officer comes with an authenticator app (the same key on
        # every run) and a fresh set of one-time recovery codes, both printed, so the admin is two commands away.
        app = two_factor.ensure_app(self.officer)
        self.second_factor = SecondFactor(
            self.officer.username, two_factor.secret(app), app.config_url, two_factor.new_recovery_codes(self.officer)
        )
        coordinating = Country.objects.filter(
            pk__in=Coordination.objects.active(self.today).values("country_id")
        ).order_by("iso2")
        for country in coordinating:
            self.account(
                f"coord-{country.iso2.lower()}",
                f"coordinator of {country.name}",
                role=Role.COORDINATOR,
                country=country,
                is_staff=False,
                is_superuser=False,
                is_active=True,
                email=f"coord-{country.iso2.lower()}@example.org",
            )

        self.account(
            "fp-kz",
            "national focal point of Kazakhstan",
            role=Role.FOCAL_POINT,
            is_focal_point=True,
            country=self.kz,
            is_staff=False,
            is_superuser=False,
            is_active=True,
            email="fp-kz@example.org",
        )
        self.partner_account()

    def partner_account(self):
        """A partner system's service account (no password sign-in: it uses the API) and a read token it prints."""
        unodc = lookup(PartnerOrganization, acronym="UNODC")
        partner = self.account(
            PARTNER_USERNAME,
            "partner system of UNODC (API token only)",
            role=Role.SERVICE,
            partner=unodc,
            is_staff=False,
            is_superuser=False,
            is_active=True,
            email="unodc-system@example.org",
        )
        self.logins.pop()  # it signs in with its token, printed separately
        APIToken.objects.filter(user=partner, name=PARTNER_TOKEN_NAME).delete()
        _token, key = APIToken.objects.issue(user=partner, name=PARTNER_TOKEN_NAME, scope=TokenScope.READ)
        self.token = DemoToken(partner.username, PARTNER_TOKEN_NAME, TokenScope.READ.value, key)

    # Meetings, agendas, documents -----------------------------------------------------------------------------

    def meeting(self, code, number, offset, *, days=1, deadline=None, outcome=""):
        start = self.day(offset)
        status = MeetingStatus.CONCLUDED if offset + days - 1 < 0 else MeetingStatus.PLANNED
        members = list(Country.objects.members_on(start)) if status == MeetingStatus.CONCLUDED else []
        meeting = self.sync(
            Meeting,
            {"body": lookup(MeetingBody, code=code), "number": number},
            {
                "start_on": start,
                "end_on": self.day(offset + days - 1),
                "venue": DEMO_VENUE,
                "venue_ru": DEMO_VENUE_RU,
                "host_country": self.kz,
                "status": status,
                "document_deadline": self.day(deadline) if deadline is not None else None,
                "outcome": outcome,
            },
        )
        participation_demo.accredit(meeting, members)
        return meeting

    def agenda(self, meeting, titles, status=AgendaItemStatus.OPEN, special=None):
        """Agenda items numbered from 1; `special` maps an item number to values of its own. Opening, adoption of
        the agenda and closing are procedural: they never carry forward."""
        items = []
        for number, title in enumerate(titles, start=1):
            values = {
                "title": title,
                "title_ru": RUSSIAN.get(title, ""),
                "status": status,
                "is_procedural": title.startswith(PROCEDURAL_TITLES),
                **(special or {}).get(number, {}),
            }
            items.append(self.sync(AgendaItem, {"meeting": meeting, "number": number}, values))
        return items

    def document(self, meeting, title, kind, languages, issued_offset, distribution=Distribution.MEMBER_STATES):
        document = self.sync(
            Document,
            {"meeting": meeting, "title": title},
            {
                "title_ru": RUSSIAN.get(title, ""),
                "kind": kind,
                "distribution": distribution,
                "issued_on": self.day(issued_offset),
            },
        )
        self.language_versions(document, title, languages)
        return document

    def language_versions(self, document, title, languages):
        for language in languages:
            if DocumentLanguageVersion.objects.filter(document=document, language=language).exists():
                self.count(DocumentLanguageVersion, "unchanged")
                continue
            body = f"{document.symbol}\n{title} [{language}]\n\nDemo document generated by seed_demo.\n"
            DocumentLanguageVersion(
                document=document,
                language=language,
                title=title if language == "en" else RUSSIAN.get(title, ""),
                file=ContentFile(body.encode(), name=f"{document.symbol.replace('/', '-')}-{language}.txt"),
            ).save()
            self.count(DocumentLanguageVersion, "created")

    def revision(self, original, title, languages, issued_offset):
        """Rev.1 of `original`, which it supersedes (found again by its number on a rerun)."""
        revision = self.sync(
            Document,
            {"original": original, "revision_kind": RevisionKind.REVISION, "revision_number": 1},
            {
                "title": title,
                "title_ru": RUSSIAN.get(title, ""),
                "kind": original.kind,
                "distribution": original.distribution,
                "meeting": original.meeting,
                "issued_on": self.day(issued_offset),
            },
        )
        self.sync(Document, {"pk": original.pk}, {"status": DocumentStatus.SUPERSEDED})
        self.language_versions(revision, title, languages)
        return revision

    def meetings(self):
        outcome = ""  # an outcome is written when a meeting ends, in the working languages: none in the demo
        self.swg1 = self.meeting("SWG", 1, -200, deadline=-214, outcome=outcome)
        self.cso1 = self.meeting("CSO", 1, -199, deadline=-213, outcome=outcome)
        self.swg2 = self.meeting("SWG", 2, -60, days=2, deadline=-74, outcome=outcome)
        self.cso2 = self.meeting("CSO", 2, -58, deadline=-72, outcome=outcome)
        self.cfm = self.meeting("CFM", 8, -45, days=2, deadline=-66, outcome=outcome)
        self.swg3 = self.meeting("SWG", 3, 14, days=2, deadline=4)
        self.cso3 = self.meeting("CSO", 3, 16, deadline=6)
        self.cfm9 = self.meeting("CFM", 9, 60, days=2, deadline=40)

        concluded = AgendaItemStatus.CONCLUDED
        self.swg1_items = self.agenda(
            self.swg1,
            ["Adoption of the agenda", "Action plan on epidemiological safety", "Implementation of the Catalogue"],
            concluded,
        )
        self.cso1_items = self.agenda(
            self.cso1, ["Adoption of the agenda", "Report of the SWG", "Preparations for the Ministerial Meeting"]
        )
        self.swg2_items = self.agenda(
            self.swg2,
            [
                "Adoption of the agenda",
                "Reports of the coordinators",
                "Amendments to the Regulations on the Secretariat",
            ],
            concluded,
            special={3: {"status": AgendaItemStatus.CARRIED_FORWARD}},
        )
        self.cso2_items = self.agenda(self.cso2, ["Adoption of the agenda", "Budget of the Secretariat"], concluded)
        self.cfm_items = self.agenda(self.cfm, ["Adoption of the agenda", "Recommendations of the CSO"], concluded)
        self.swg3_items = self.agenda(
            self.swg3,
            [
                "Adoption of the agenda",
                "Reports of the coordinators",
                "Amendments to the Regulations on the Secretariat",
            ],
            special={3: {"carried_from": self.swg2_items[2]}},
        )
        self.agenda(self.cso3, ["Adoption of the agenda", "Report of the SWG", "Calendar of events"])
        self.agenda(self.cfm9, ["Adoption of the agenda", "Recommendations of the CSO"])

        self.document(self.swg2, "Report of the Special Working Group", DocumentKind.REPORT, ["en", "ru"], -55)
        self.document(self.cfm, "Recommendations of the CSO to the Ministerial Council", DocumentKind.ADOPTED_TEXT,
                      ["en", "ru"], -44, Distribution.PUBLIC)  # fmt: skip
        self.document(self.swg3, "Provisional agenda", DocumentKind.AGENDA, ["en", "ru"], -10)
        amendments = self.document(self.swg3, "Draft amendments to the Regulations on the CICA Secretariat",
                                   DocumentKind.DRAFT_TEXT, ["en"], -6, Distribution.RESTRICTED)  # fmt: skip
        self.revision(amendments, "Draft amendments to the Regulations on the CICA Secretariat (revised)", ["en"], -3)
        self.document(self.cso3, "Provisional agenda", DocumentKind.AGENDA, ["en", "ru"], -8)
        self.document(self.cso3, "Concept note: CICA calendar of events", DocumentKind.CONCEPT_NOTE, ["en"], -2)

    # Decisions ------------------------------------------------------------------------------------------------

    def decision(self, meeting, number, title, text, **values):
        values = {"title_ru": RUSSIAN.get(title, ""), "text_ru": RUSSIAN.get(text, ""), **values}
        return self.sync(Decision, {"meeting": meeting, "number": number}, {"title": title, "text": text, **values})

    def decisions(self):
        epidemiological = lookup(Measure, code="epidemiological-safety")
        military = lookup(Measure, code="military-political-dimension")
        swg = self.decision(
            self.swg1, 1, "Draft action plan on epidemiological safety",
            "The SWG agreed on the draft action plan and refers it to the CSO.",
            agenda_item=self.swg1_items[1], measure=epidemiological, status=DecisionStatus.REFERRED, progress=100,
        )  # fmt: skip
        cso = self.decision(
            self.cso1, 1, "Action plan on epidemiological safety",
            "The CSO endorsed the action plan and recommends it to the Ministerial Council.",
            agenda_item=self.cso1_items[1], measure=epidemiological, status=DecisionStatus.REFERRED, progress=100,
            referred_from=swg,
        )  # fmt: skip
        self.decision(
            self.cfm, 1, "Adoption of the action plan on epidemiological safety",
            "The Ministerial Council adopts the action plan; the coordinators present the first activities.",
            agenda_item=self.cfm_items[1], responsible_party=ResponsibleParty.COORDINATORS, measure=epidemiological,
            referred_from=cso, deadline=self.day(21), status=DecisionStatus.IN_PROGRESS, progress=30,
        )  # fmt: skip
        self.decision(
            self.swg2, 1, "Information on planned military activities",
            "Kazakhstan circulates the compiled information on planned military activities to the member states.",
            agenda_item=self.swg2_items[1], responsible_party=ResponsibleParty.MEMBER_STATE,
            responsible_country=self.kz, measure=military, deadline=self.day(-10), status=DecisionStatus.OPEN,
        )  # fmt: skip
        self.decision(
            self.swg2, 2, "Annual review of the implementation of CBMs",
            "The Secretariat compiles the coordinators' reports into the annual review.",
            agenda_item=self.swg2_items[1], deadline=self.day(7), status=DecisionStatus.IN_PROGRESS, progress=60,
        )  # fmt: skip
        self.decision(
            self.cso2, 1, "Budget of the Secretariat for next year",
            "The Chair consults the member states on the draft budget of the Secretariat.",
            agenda_item=self.cso2_items[1], responsible_party=ResponsibleParty.CHAIR, deadline=self.day(-20),
            status=DecisionStatus.IN_PROGRESS, progress=40,
        )  # fmt: skip
        self.decision(
            self.cso2, 2, "Calendar of CICA events",
            "The Secretariat publishes the calendar of CICA events.",
            agenda_item=self.cso2_items[0], deadline=self.day(-30), status=DecisionStatus.IMPLEMENTED, progress=100,
        )  # fmt: skip

    # Measures: plans, activities, reports ----------------------------------------------------------------------

    def plans_and_activities(self):
        year = self.today.year
        it = lookup(Measure, code="information-technology")
        plan = self.sync(
            ActionPlan,
            {"measure": it, "kind": PlanKind.ACTION_PLAN, "version": 1},
            {
                "title": "Action plan on information technology",
                "period_start": datetime.date(year - 1, 1, 1),
                "period_end": datetime.date(year + 1, 12, 31),
                "status": PlanStatus.APPROVED,
                "approved_on": self.day(-300),
            },
        )
        bangladesh = lookup(Country, iso2="BD")
        self.sync(
            Activity,
            {"action_plan": plan, "title": "Workshop on e-government services"},
            {
                "kind": ActivityKind.WORKSHOP,
                "start_on": self.day(-120),
                "end_on": self.day(-119),
                "host_country": bangladesh,
                "venue": "Dhaka",
                "status": ActivityStatus.COMPLETED,
                "progress": 100,
            },
        )
        self.sync(
            Activity,
            {"action_plan": plan, "title": "Seminar on digital skills for public servants"},
            {
                "kind": ActivityKind.SEMINAR,
                "start_on": self.day(30),
                "end_on": self.day(31),
                "host_country": bangladesh,
                "venue": "Dhaka",
                "status": ActivityStatus.PLANNED,
                "progress": 20,
            },
        )
        military = lookup(Measure, code="military-political-dimension")
        concept = self.sync(
            ActionPlan,
            {"measure": military, "kind": PlanKind.CONCEPT_PAPER, "version": 1},
            {
                "title": "Concept paper on the military-political dimension",
                "period_start": datetime.date(year, 1, 1),
                "period_end": datetime.date(year + 2, 12, 31),
                "status": PlanStatus.APPROVED,
                "approved_on": self.day(-150),
            },
        )
        self.sync(
            Activity,
            {"action_plan": concept, "title": "Expert meeting on exchange of military information"},
            {
                "kind": ActivityKind.EXPERT_MEETING,
                "start_on": self.day(45),
                "host_country": self.kz,
                "venue": "Astana",
                "status": ActivityStatus.PLANNED,
            },
        )
        tourism = lookup(Measure, code="tourism")
        tourism_plan = self.sync(
            ActionPlan,
            {"measure": tourism, "kind": PlanKind.ACTION_PLAN, "version": 1},
            {
                "title": "Action plan on tourism",
                "period_start": datetime.date(year, 1, 1),
                "period_end": datetime.date(year + 1, 12, 31),
                "status": PlanStatus.APPROVED,
                "approved_on": self.day(-200),
            },
        )
        self.sync(
            Activity,
            {"action_plan": tourism_plan, "title": "Conference on sustainable tourism"},
            {
                "kind": ActivityKind.CONFERENCE,
                "start_on": self.day(-20),
                "end_on": self.day(60),
                "host_country": lookup(Country, iso2="LK"),
                "venue": "Colombo",
                "status": ActivityStatus.IN_PROGRESS,
                "progress": 50,
            },
        )

    def reports(self):
        # The reporting period is the last complete half-year: stable for six months, so reruns find the same rows.
        if self.today.month > 6:
            period_start, period_end = datetime.date(self.today.year, 1, 1), datetime.date(self.today.year, 6, 30)
        else:
            period_start = datetime.date(self.today.year - 1, 7, 1)
            period_end = datetime.date(self.today.year - 1, 12, 31)
        submitted_at = self.moment(-10)
        reviewed_at = self.moment(-4)
        plans = [
            ("military-political-dimension", "KZ", ReportStatus.DRAFT, 12, 40, ""),
            ("new-challenges-and-threats-general", "TR", ReportStatus.DRAFT, -15, 20, ""),
            ("sustainable-development", "TH", ReportStatus.DRAFT, -40, 10, ""),
            ("small-and-medium-enterprises", "RU", ReportStatus.SUBMITTED, -3, 80, ""),
            ("epidemiological-safety", "CN", ReportStatus.SUBMITTED, 5, 70, ""),
            ("information-technology", "BD", ReportStatus.ACCEPTED, -30, 100, "Thank you: accepted as submitted."),
            (
                "tourism",
                "LK",
                ReportStatus.RETURNED,
                20,
                60,
                "Please add the dates and participants of the activities held in the period.",
            ),
        ]
        for code, iso2, status, due, progress, feedback in plans:
            submitted = status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.RETURNED)
            reviewed = status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
            self.sync(
                ImplementationReport,
                {
                    "measure": lookup(Measure, code=code),
                    "country": lookup(Country, iso2=iso2),
                    "period_start": period_start,
                },
                {
                    "period_end": period_end,
                    "due_on": self.day(due),
                    "narrative": "Activities carried out in the period and plans for the next one (demo text).",
                    "progress": progress,
                    "status": status,
                    "submitted_at": submitted_at if submitted else None,
                    "reviewed_at": reviewed_at if reviewed else None,
                    "reviewed_by": self.officer if reviewed else None,
                    "feedback": feedback,
                },
            )
        self.more_reports(period_start, period_end)

    # Secretariat: staff and contributions ---------------------------------------------------------------------

    def staff(self):
        adviser, technical = StaffCategory.ADVISER, StaffCategory.TECHNICAL
        positions = [
            ("Adviser on political issues", "Советник по политическим вопросам", adviser, StaffArea.POLITICAL),
            ("Adviser on economic issues", "Советник по экономическим вопросам", adviser, StaffArea.ECONOMIC),
            (
                "Adviser on cultural and humanitarian issues",
                "Советник по культурно-гуманитарным вопросам",
                adviser,
                StaffArea.CULTURAL_HUMANITARIAN,
            ),
            (
                "Administrative and finance officer",
                "Сотрудник по административным и финансовым вопросам",
                technical,
                StaffArea.ADMINISTRATION,
            ),
        ]
        members = [
            ("Mehmet Yilmaz", 0, "TR", -700, 400),
            ("Li Wen", 1, "CN", -500, 600),
            ("Nodira Karimova", 2, "UZ", -300, 800),
            ("Aigerim Bekova", 3, "KZ", -900, None),
            ("Ravi Menon", 1, "IN", -1500, -400),
        ]
        created = [
            self.sync(StaffPosition, {"title": title}, {"title_ru": title_ru, "category": category, "area": area})
            for title, title_ru, category, area in positions
        ]
        for name, position, iso2, start, end in members:
            self.sync(
                StaffMember,
                {"full_name": name, "position": created[position]},
                {
                    "nationality": lookup(Country, iso2=iso2),
                    "contract_start": self.day(start),
                    "contract_end": self.day(end) if end is not None else None,
                    "email": f"{name.split()[0].lower()}@example.org",
                },
            )

    def contributions(self):
        year = self.today.year
        rows = [
            ("KZ", ContributionKind.ASSESSED, "120000", "120000", -200),
            ("CN", ContributionKind.ASSESSED, "120000", "120000", -180),
            ("RU", ContributionKind.ASSESSED, "120000", "60000", -90),
            ("TR", ContributionKind.ASSESSED, "80000", "0", None),
            ("IN", ContributionKind.ASSESSED, "80000", "80000", -150),
            ("AZ", ContributionKind.ASSESSED, "40000", "0", None),
            ("KZ", ContributionKind.SUPPORT_FUND, "0", "50000", -60),
            ("QA", ContributionKind.VOLUNTARY, "0", "25000", -30),
        ]
        for iso2, kind, assessed, paid, paid_offset in rows:
            self.sync(
                Contribution,
                {"country": lookup(Country, iso2=iso2), "year": year, "kind": kind},
                {
                    "assessed_amount": Decimal(assessed),
                    "paid_amount": Decimal(paid),
                    "paid_on": self.day(paid_offset) if paid_offset is not None else None,
                },
            )

    # Relations: joint activities and an agreement about to expire ----------------------------------------------

    def partnerships(self):
        sco = Agreement.objects.filter(partner__acronym="SCO", kind=AgreementKind.MOU).first()
        eaeu = Agreement.objects.filter(partner__acronym="EAEU", kind=AgreementKind.MOU).first()
        activities = [
            (sco, "Joint seminar on countering terrorism financing", -90, -89, JointActivityStatus.COMPLETED, 100),
            (sco, "Exchange of experts on border security", 40, 42, JointActivityStatus.PLANNED, 0),
            (eaeu, "Round table on transport connectivity in Eurasia", -10, 25, JointActivityStatus.IN_PROGRESS, 50),
        ]
        for agreement, title, start, end, status, progress in activities:
            if agreement is None:
                continue
            self.sync(
                JointActivity,
                {"agreement": agreement, "title": title},
                {"start_on": self.day(start), "end_on": self.day(end), "status": status, "progress": progress},
            )
        unodc = lookup(PartnerOrganization, acronym="UNODC")
        plan = self.sync(
            Agreement,
            {"partner": unodc, "title": "Joint work plan with UNODC (demo)"},
            {
                "kind": AgreementKind.OTHER,
                "status": AgreementStatus.IN_FORCE,
                "signed_on": self.day(-730),
                "signed_at": "Vienna",
                "entry_into_force_on": self.day(-730),
                "expires_on": self.day(21),
                "renewal_on": self.day(7),
                "note": "Demo agreement: expires within weeks.",
            },
        )
        self.sync(
            JointActivity,
            {"agreement": plan, "title": "Regional training on drug trafficking routes"},
            {
                "start_on": self.day(-40),
                "end_on": self.day(-38),
                "status": JointActivityStatus.COMPLETED,
                "progress": 100,
            },
        )


def seed_demo(password=None):
    """Create or refresh the demo data; returns the seeder, whose logins and summary_lines() tell what it did."""
    return DemoSeeder(password).seed()
