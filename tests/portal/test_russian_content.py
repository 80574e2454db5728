"""The portal in Russian over the demo a newcomer sees after `make run` (reference data and seed_demo): no English
content word on any page, as a coordinator and as staff.

tests/portal/test_russian.py reads every page for English words of the interface (the catalogue's msgids). Here the
words looked for also include every word of the English texts the data keeps beside a Russian one (titles, names,
descriptions, themes, venues, decision texts, owners), so a title shown in English where its Russian version exists,
or a bilingual text left untranslated by the demo or the reference data, fails. A text whose Russian version the
sources do not give is shown in English on purpose, marked lang="en" with "(на английском)"; text written in one
language only (an activity's title, a venue) is marked with its language: both are skipped, as a screen reader
would switch language for them.
"""

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from chairmanship.models import Chairmanship
from measures.models import Activity, Dimension, ImplementationReport, Measure
from participation.models import Delegation
from relations.models import PartnerOrganization
from secretariat.models import Decision, Meeting
from silence.models import SilenceProcedure
from speakers.models import Inscription, SpeakersList
from tests.conftest import sign_in

from .test_russian import NAMES, NOT_PAGES, VisibleText, english_words, portal_pages

WORD = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]")


def data_words():
    """The words of every English text the data keeps beside a Russian version (`x` beside `x_ru`)."""
    words = set()
    for model in apps.get_models():
        names = {field.name for field in model._meta.concrete_fields}
        pairs = [name for name in names if f"{name}_ru" in names]
        if not pairs or model._meta.app_label in ("search",) or model.__name__.startswith("Historical"):
            continue
        for row in model.objects.values_list(*pairs):
            for text in row:
                # Acronyms (SCO, ASEAN) are names in Russian text too; everything else is an English word.
                words.update(w for w in WORD.findall(text or "") if w not in NAMES and not w.isupper())
    return words


def demo_pages():
    """Each portal page with arguments from the demo: Kazakhstan's measure, report, activity, a coming meeting ..."""
    measure = Measure.objects.get(code="military-political-dimension")
    report = ImplementationReport.objects.filter(measure=measure, country__iso2="KZ").first()
    activity = Activity.objects.filter(action_plan__measure=measure).first()
    kz_delegation = Delegation.objects.get(meeting__body__code="CFM", meeting__number=8, country__iso2="KZ")
    returned = Delegation.objects.get(meeting__body__code="SWG", meeting__number=3, country__iso2="CN")
    arguments = {
        "measures:dimension_detail": [measure.dimension_id],
        "measures:measure_detail": [measure.pk],
        "measures:report_create": [measure.pk],
        "measures:report_detail": [report.pk],
        "measures:report_edit": [report.pk],
        "measures:activity_create": [activity.action_plan_id],
        "measures:activity_edit": [activity.pk],
        "secretariat:meeting_detail": [Meeting.objects.get(body__code="SWG", number=3).pk],
        "secretariat:decision_detail": [Decision.objects.filter(responsible_country__iso2="KZ").first().pk],
        "secretariat:decision_edit": [Decision.objects.filter(responsible_country__iso2="KZ").first().pk],
        "chairmanship:chairmanship_detail": [Chairmanship.objects.get(country__iso2="KZ", start_on__year=2020).pk],
        "chairmanship:concept_document": [Chairmanship.objects.get(country__iso2="KZ", start_on__year=2020).pk],
        "relations:partner_detail": [PartnerOrganization.objects.get(acronym="UNODC").pk],
        "participation:delegation_create": [Meeting.objects.get(body__code="SWG", number=3).pk],
        "participation:delegation_detail": [kz_delegation.pk],
        "participation:delegation_edit": [returned.pk],
        "participation:participant_create": [returned.pk],
        "participation:participant_edit": [returned.participants.first().pk],
        # the coming CSO's open list of speakers (speakers.demo)
        **dict.fromkeys(
            ("speakers:list_detail", "speakers:inscribe", "speakers:statement_create"),
            [SpeakersList.objects.get(status="open").pk],
        ),
        # India's inscription on that list: staff may change it (Kazakhstan's focal point is refused)
        "speakers:inscription_edit": [Inscription.objects.get(speakers_list__status="open", country__iso2="IN").pk],
        "silence:procedure_detail": [SilenceProcedure.objects.filter(status="not_adopted").first().pk],
    }
    assert Dimension.objects.exists()
    return [(name, reverse(name, args=arguments.get(name, []))) for name in portal_pages() if name not in NOT_PAGES]


def english_on(html, words):
    return sorted({w for w in WORD.findall(VisibleText.of(html)) if w in words})


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["coord-kz", "secretariat", "fp-kz"])
def test_every_portal_page_of_the_demo_reads_in_russian(client, settings, username):
    settings.DEBUG = True  # seed_demo runs only for development
    with translation.override("en"):
        call_command("seed_demo", password="demo-pass-123", stdout=io.StringIO())
    words = english_words() | data_words()
    assert {"Adoption", "agenda", "Kazakhstan", "Astana"} <= words  # the data's English is looked for
    user = User.objects.get(username=username)
    user.preferred_language = "ru"
    user.save()
    sign_in(client, user)
    problems, read, fallbacks = [], 0, 0
    for _name, url in demo_pages():
        response = client.get(url)
        if response.status_code in (403, 404):
            continue  # not this persona's page
        assert response.status_code == 200, (url, response.status_code)
        html = response.content.decode()
        assert '<html lang="ru">' in html, url
        assert "<" not in html[html.index("<title>") + 7 : html.index("</title>")], url  # a title is plain text
        fallbacks += html.count('class="in-english"')
        english = english_on(html, words)
        if english:
            problems.append(f"{url}: {', '.join(english)}")
        read += 1
    assert not problems, "English content on Russian pages:\n" + "\n".join(problems)
    assert read >= 25
    # Texts the sources give in English only (the measures' descriptions, the Concept) show marked as such.
    assert fallbacks > 0
