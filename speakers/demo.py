"""The demo set's lists of speakers (called by referencedata's seed_demo, inside its transaction and importing()):

- the concluded SWG 2, item "Reports of the coordinators": a closed list in protocol order, every state marked as
  having spoken, statements published, and one still waiting for staff to publish it;
- the coming CSO 3, item "Report of the SWG": an open list with two states inscribed; Kazakhstan's delegation is
  accredited and its national focal point (`fp-kz`) has not inscribed yet, so it can, and staff can then order and
  close the list.
"""

from django.core.files.base import ContentFile

from accounts.models import Role, User
from chairmanship.models import Country
from participation import demo as participation_demo
from participation.models import Delegation
from secretariat.models import AgendaItem

from .choices import InscriptionStatus, ListStatus, SpeakerRank, StatementStatus
from .models import Inscription, SpeakersList, Statement

FOCAL_POINT = "fp-kz"


def statement_pdf(text):
    """A one-page PDF saying `text` (a real PDF, with its cross-reference table: the search reads its words)."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


# SWG 2, "Reports of the coordinators": (state, speaks as, statement language or None, published)
SPOKEN = [
    ("KZ", SpeakerRank.MINISTER, "en", True),
    ("CN", SpeakerRank.HEAD_OF_DELEGATION, "zh-hans", True),
    ("IN", SpeakerRank.HEAD_OF_DELEGATION, "en", False),  # submitted: staff publish it
    ("TR", SpeakerRank.DELEGATE, None, False),
]
# CSO 3, "Report of the SWG": states already inscribed (Kazakhstan's focal point inscribes itself)
INSCRIBED = [("IN", SpeakerRank.HEAD_OF_DELEGATION), ("TR", SpeakerRank.DELEGATE)]


def seed_speakers(seeder):
    kz = Country.objects.get(iso2="KZ")
    # Kazakhstan's focal point: the participation demo (or another part of the demo) may have made it already.
    focal_point = User.objects.filter(username=FOCAL_POINT).first() or seeder.account(
        FOCAL_POINT,
        f"national focal point of {kz.name}",
        role=Role.FOCAL_POINT,
        country=kz,
        is_focal_point=True,
        is_staff=False,
        is_superuser=False,
        is_active=True,
        email=f"{FOCAL_POINT}@example.org",
    )

    spoken = speakers_list(seeder, seeder.swg2, 2, ListStatus.CLOSED)
    for place, (iso2, rank, language, published) in enumerate(SPOKEN, start=1):
        country = Country.objects.get(iso2=iso2)
        inscription(seeder, spoken, country, place, rank, InscriptionStatus.SPOKE)
        if language:
            statement(seeder, spoken, country, language, published, focal_point if iso2 == "KZ" else None)

    coming = speakers_list(seeder, seeder.cso3, 2, ListStatus.OPEN)
    states = [Country.objects.get(iso2=iso2) for iso2, _rank in INSCRIBED]
    missing = [c for c in (kz, *states) if not Delegation.objects.is_accredited(seeder.cso3, country=c)]
    participation_demo.accredit(seeder.cso3, missing)
    for place, (country, (_iso2, rank)) in enumerate(zip(states, INSCRIBED, strict=True), start=1):
        inscription(seeder, coming, country, place, rank, InscriptionStatus.INSCRIBED)


def speakers_list(seeder, meeting, number, status):
    item = AgendaItem.objects.get(meeting=meeting, number=number)
    return seeder.sync(SpeakersList, {"agenda_item": item}, {"status": status})


def inscription(seeder, speakers_list, country, place, rank, status):
    found = Inscription.objects.filter(speakers_list=speakers_list, country=country).first()
    if found is not None:
        return found
    # Inscribed while the list was open (the demo writes the closed list as it ended).
    was = speakers_list.status
    SpeakersList.objects.filter(pk=speakers_list.pk).update(status=ListStatus.OPEN)
    speakers_list.refresh_from_db()
    try:
        return seeder.sync(
            Inscription,
            {"speakers_list": speakers_list, "country": country},
            {"position": place, "rank": rank, "status": status},
        )
    finally:
        SpeakersList.objects.filter(pk=speakers_list.pk).update(status=was)
        speakers_list.refresh_from_db()


def statement(seeder, speakers_list, country, language, published, author):
    if Statement.objects.filter(speakers_list=speakers_list, country=country, language=language).exists():
        return
    item = speakers_list.agenda_item
    seeder.sync(
        Statement,
        {"speakers_list": speakers_list, "country": country, "language": language},
        {
            "title": f"Statement of {country.name} on {item.title.lower()}",
            "file": ContentFile(
                statement_pdf(f"Statement of {country.name} on {item.title.lower()}"),
                name=f"statement-{country.iso2.lower()}.pdf",
            ),
            "status": StatementStatus.PUBLISHED if published else StatementStatus.SUBMITTED,
            "published_at": seeder.moment(-58) if published else None,
            "submitted_by": author,
        },
    )
