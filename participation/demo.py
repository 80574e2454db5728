"""The demo set's participation (called by referencedata's seed_demo): focal point accounts (fp-kz, fp-in, fp-cn,
fp-tr), registration open for a coming meeting (India submitted, China returned with a note, Turkey a draft,
Kazakhstan still to nominate), and a concluded meeting whose accredited delegations are on an issued list of
participants. Running it again changes nothing."""

import datetime

from django.core.files.base import ContentFile

from accounts.models import Role
from chairmanship.models import Country

from .choices import DelegationStatus
from .models import ASTANA, Delegation, Participant, Registration
from .services import issue_list_of_participants

FOCAL_POINTS = ("KZ", "IN", "CN", "TR")

# state -> its delegation: (title, name, name in Cyrillic, function, function in Russian), the head first
PEOPLE = {
    "KZ": [
        ("H.E. Mr.", "Askar Nurlanov", "Аскар Нурланов", "Deputy Minister of Foreign Affairs",
         "Заместитель министра иностранных дел"),
        ("Ms.", "Dana Sultanova", "Дана Султанова", "Counsellor", "Советник"),
    ],
    "IN": [
        ("H.E. Mr.", "Rajesh Kumar", "Раджеш Кумар", "Additional Secretary", "Дополнительный секретарь"),
        ("Mr.", "Vikram Singh", "Викрам Сингх", "Director", "Директор"),
    ],
    "CN": [
        ("H.E. Mr.", "Li Wei", "Ли Вэй", "Ambassador", "Посол"),
        ("Ms.", "Zhang Min", "Чжан Минь", "First Secretary", "Первый секретарь"),
    ],
    "TR": [("Mr.", "Mehmet Yilmaz", "Мехмет Йылмаз", "Head of Department", "Начальник управления")],
}  # fmt: skip

RETURN_NOTE = "The letter of credentials is not signed. Please upload the signed letter."


def _credentials(iso2):
    return ContentFile(b"%PDF-1.4\n% Letter of credentials of " + iso2.encode() + b"\n%%EOF\n", name="credentials.pdf")


def _deadline(day):
    return datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=ASTANA)


def accredit(meeting, countries):
    """Record `countries`' delegations to `meeting` as accredited (a concluded meeting of the demo set)."""
    if not countries:
        return
    Registration.objects.get_or_create(meeting=meeting, defaults={"deadline": _deadline(meeting.start_on)})
    existing = set(Delegation.objects.filter(meeting=meeting).values_list("country_id", flat=True))
    for country in countries:
        if country.pk not in existing:
            Delegation.objects.create(meeting=meeting, country=country, status=DelegationStatus.ACCREDITED)


def delegation(meeting, iso2, status, note=""):
    """The delegation of state `iso2` to `meeting` with its people and credentials, in `status` (left as it is when
    it exists already)."""
    country = Country.objects.get(iso2=iso2)
    found = Delegation.objects.filter(meeting=meeting, country=country).first()
    if found is None:
        found = Delegation.objects.create(
            meeting=meeting, country=country, status=status, return_note=note, credentials=_credentials(iso2)
        )
    elif not found.credentials:
        found.credentials = _credentials(iso2)
        found.save()
    if not found.participants.exists():
        for position, (title, name, cyrillic, function, function_ru) in enumerate(PEOPLE[iso2]):
            Participant.objects.create(
                delegation=found,
                title=title,
                name=name,
                name_cyrillic=cyrillic,
                function=function,
                function_ru=function_ru,
                is_head=position == 0,
                email=f"{name.split()[-1].lower()}@{iso2.lower()}.example.org",
                position=position,
            )
    return found


def seed(seeder):
    """Accounts, an open registration and an issued list of participants (see the module's docstring)."""
    for iso2 in FOCAL_POINTS:
        country = Country.objects.get(iso2=iso2)
        seeder.account(
            f"fp-{iso2.lower()}",
            f"national focal point of {country.name}",
            role=Role.FOCAL_POINT,
            is_focal_point=True,
            country=country,
            is_staff=False,
            is_superuser=False,
            is_active=True,
            email=f"fp-{iso2.lower()}@example.org",
        )
    # Registration open for the coming SWG: nominations due in a week, five seats per delegation.
    coming = seeder.swg3
    Registration.objects.get_or_create(meeting=coming, defaults={"deadline": _deadline(seeder.day(7)), "seats": 5})
    delegation(coming, "IN", DelegationStatus.SUBMITTED)
    delegation(coming, "CN", DelegationStatus.RETURNED, RETURN_NOTE)
    delegation(coming, "TR", DelegationStatus.DRAFT)
    # The concluded Ministerial meeting: its delegations accredited and its list of participants issued.
    held = seeder.cfm
    for iso2 in FOCAL_POINTS:
        delegation(held, iso2, DelegationStatus.ACCREDITED)
    registration = Registration.objects.get(meeting=held)
    if registration.participants_list_id is None:
        issue_list_of_participants(registration, seeder.officer)
