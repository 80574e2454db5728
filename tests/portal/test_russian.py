"""The portal is whole in Russian: every page, as every persona, shows no English word of the catalogue.

The words looked for are those of the catalogue's own messages (msgids whose translation differs), so a string
someone forgot to mark for translation, or a translation left out, shows up here as an English word on a page.
Content is given in Russian too, so what remains English on a page is interface, not data. The personas are a
coordinator and a Secretariat officer; a partner system's service account cannot use the portal (it speaks to the
API, whose messages are in the same catalogue).
"""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from measures.choices import CoordinationRole, ReportStatus
from secretariat.choices import Distribution, ResponsibleParty
from tests import factories
from tests.conftest import sign_in

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
PORTAL_NAMESPACES = (
    "portal",
    "measures",
    "secretariat",
    "chairmanship",
    "relations",
    "search",
    "accounts",
    "notifications",
    "participation",
    "speakers",
    "silence",
)

# Pages that are not HTML pages to read: steps and actions (POST only), files, the feed, the sign-in steps.
NOT_PAGES = {
    "portal:login": "the sign-in page: read signed out, below",
    "portal:logout": "POST only",
    "portal:password_reset": "read signed out, below",
    "portal:password_reset_done": "read signed out, below",
    "portal:password_reset_confirm": "needs a one-time link",
    "portal:password_reset_complete": "read signed out, below",
    "portal:calendar_feed": "an iCalendar file (tests/portal/test_profile.py reads it in Russian)",
    "measures:report_submit": "POST only",
    "measures:report_step": "POST only",
    "measures:attachment_download": "a file",
    "secretariat:document_file": "a file",
    "secretariat:decision_step": "POST only",
    "secretariat:meeting_step": "POST only",
    "accounts:revoke_tokens": "POST only",
    "accounts:profile": "POST only (the form is on accounts:security)",
    "accounts:two_factor_verify": "the second sign-in step (a signed-in, unverified session)",
    "accounts:recovery_codes": "shown once after setup",
    "accounts:remove_second_factor": "POST only",
    "accounts:two_factor_setup": "read by the coordinator only (staff already have one)",
    "participation:credentials": "a file",
    "participation:delegation_step": "POST only",
    "participation:participant_delete": "POST only",
    "speakers:list_step": "POST only",
    "speakers:withdraw": "POST only",
    "speakers:statement_file": "a file",
    "silence:break": "POST only",
    "silence:join_consensus": "POST only",
    "silence:response_file": "a file",
    "silence:running": "a part of the dashboard (loaded into it), read there",
}

# Codes, acronyms and proper names that stay as they are in Russian text.
PROPER_NAMES = """
    CICA ISO KZ IN SWG CSO CFM UN UNODC PDF API QR SHA USD JSON NUL SDG CBM CBMs MOU MoU MoUs LEGAL GEN TEST Rev Corr
    Add FreeOTP Aegis Google Microsoft Authenticator YYYY MM If-Match ETag true false HTTPS app_label Outlook Apple
    Thunderbird URL Word Excel OpenDocument PNG JPEG docx odt xlsx XLSX CSV csv
"""
NAMES = set(PROPER_NAMES.split())


def catalogue():
    return polib.pofile(str(CATALOGUE))


def english_words():
    words = set()
    for entry in catalogue():
        if entry.obsolete or entry.msgstr == entry.msgid:
            continue
        text = re.sub(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>|%%", " ", entry.msgid)
        words.update(w for w in re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", text) if w not in NAMES)
    return words


class VisibleText(HTMLParser):
    """The text a reader sees (and hears: labels, placeholders, titles), without scripts, styles and any element
    marked as written in another language (the language switcher names each language in itself)."""

    HIDDEN = {"script", "style", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        foreign = bool(attrs.get("lang")) and not attrs["lang"].startswith("ru") and tag != "html"
        foreign = foreign or attrs.get("translate") == "no"  # an address, a key: not words
        if not self.skipping():
            self.parts.extend(attrs[a] for a in ("placeholder", "aria-label", "title", "alt") if attrs.get(a))
        if tag not in self.VOID:
            self.stack.append(tag in self.HIDDEN or foreign)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skipping():
            self.parts.append(data)

    def skipping(self):
        return any(self.stack)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        return " ".join(parser.parts)


def english_in(html, words):
    text = VisibleText.of(html)
    found = {w for w in re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", text) if w in words}
    return sorted(found)


@pytest.fixture
def russian_data(kazakhstan, india):
    """A small Catalogue whose content is in Russian, as the Secretariat keeps it."""
    chairmanship = factories.ChairmanshipFactory(
        country=kazakhstan,
        start_on=datetime.date.today() - datetime.timedelta(days=100),  # the current term: /portal/chairmanship/
        end_on=datetime.date.today() + datetime.timedelta(days=600),
        theme="Theme",
        theme_ru="Тема председательства",
    )
    priority = factories.PriorityFactory(chairmanship=chairmanship, title="Priority", title_ru="Приоритет")
    factories.InitiativeFactory(priority=priority, title="Initiative", title_ru="Инициатива", owner="Председатель")
    dimension = factories.DimensionFactory(name="Economic", name_ru="Экономическое измерение", description_ru="Опис")
    measure = factories.MeasureFactory(
        code="eb",
        dimension=dimension,
        title="Energy",
        title_ru="Энергобезопасность",
        description="Text",
        description_ru="Текст",
    )
    factories.CoordinationFactory(measure=measure, country=kazakhstan, role=CoordinationRole.COORDINATOR)
    plan = factories.ActionPlanFactory(measure=measure, title="План действий")
    factories.ActivityFactory(action_plan=plan, host_country=kazakhstan, title="Семинар", venue="Астана")
    report = factories.ImplementationReportFactory(
        measure=measure, country=kazakhstan, status=ReportStatus.DRAFT, narrative="Ход работы по плану."
    )
    meeting = factories.MeetingFactory(
        start_on=datetime.date(2030, 6, 22), end_on=datetime.date(2030, 6, 23), venue="Astana", venue_ru="Астана"
    )
    item = factories.AgendaItemFactory(meeting=meeting, title="Opening", title_ru="Открытие")
    speakers_list = factories.SpeakersListFactory(agenda_item=item)
    factories.StatementFactory(speakers_list=speakers_list, status="published", title="Заявление")  # a 3rd state
    inscription = factories.InscriptionFactory(speakers_list=speakers_list, country=kazakhstan, speaker="Посол")
    decision = factories.DecisionFactory(
        meeting=meeting,
        responsible_party=ResponsibleParty.MEMBER_STATE,
        responsible_country=kazakhstan,
        title="Host a seminar",
        title_ru="Провести семинар",
        text="Agreed.",
        text_ru="Решено.",
    )
    factories.DocumentFactory(
        meeting=meeting, distribution=Distribution.MEMBER_STATES, title="Agenda", title_ru="Повестка дня"
    )
    partner = factories.PartnerOrganizationFactory(acronym="UNODC", name="Office", name_ru="УНП ООН")
    factories.AgreementFactory(partner=partner, title="Memorandum", signed_at="Вена")
    silence = factories.SilenceProcedureFactory(decision=decision, body=meeting.body, states=[kazakhstan])
    factories.SilenceResponseFactory(procedure=silence, country=kazakhstan, kind="consensus", text="")
    # A draft delegation to another meeting (the statement above made Kazakhstan's accredited one to this meeting).
    delegation = factories.DelegationFactory(
        meeting=factories.MeetingFactory(start_on=datetime.date(2030, 9, 1), end_on=datetime.date(2030, 9, 2)),
        country=kazakhstan,
    )
    participant = factories.ParticipantFactory(
        delegation=delegation, name="Askar Nurlanov", name_cyrillic="Аскар Нурланов", function="Посол", is_head=True
    )
    return {
        "delegation": delegation,
        "participant": participant,
        "silence": silence,
        "chairmanship": chairmanship,
        "dimension": dimension,
        "measure": measure,
        "plan": plan,
        "activity": plan.activities.get(),
        "report": report,
        "meeting": meeting,
        "decision": decision,
        "partner": partner,
        "speakers_list": speakers_list,
        "inscription": inscription,
    }


def arguments(name, data):
    """The URL arguments of each page, from the data above; None for a page this test cannot name."""
    return {
        "measures:dimension_detail": [data["dimension"].pk],
        "measures:measure_detail": [data["measure"].pk],
        "measures:report_create": [data["measure"].pk],
        "measures:report_detail": [data["report"].pk],
        "measures:report_edit": [data["report"].pk],
        "measures:activity_create": [data["plan"].pk],
        "measures:activity_edit": [data["activity"].pk],
        "secretariat:meeting_detail": [data["meeting"].pk],
        "secretariat:decision_detail": [data["decision"].pk],
        "secretariat:decision_edit": [data["decision"].pk],
        "chairmanship:chairmanship_detail": [data["chairmanship"].pk],
        "chairmanship:concept_document": [data["chairmanship"].pk],
        "relations:partner_detail": [data["partner"].pk],
        "participation:delegation_create": [data["meeting"].pk],
        "participation:delegation_detail": [data["delegation"].pk],
        "participation:delegation_edit": [data["delegation"].pk],
        "participation:participant_create": [data["delegation"].pk],
        "participation:participant_edit": [data["participant"].pk],
        "speakers:list_detail": [data["speakers_list"].pk],
        "speakers:inscribe": [data["speakers_list"].pk],
        "speakers:statement_create": [data["speakers_list"].pk],
        "speakers:inscription_edit": [data["inscription"].pk],
        "silence:procedure_detail": [data["silence"].pk],
    }.get(name, [])


def portal_pages():
    """Every named URL of the portal's namespaces, found in the URLconf (so a new page is read without a change)."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace in PORTAL_NAMESPACES:
                found.append(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return sorted(set(found))


def read_in_russian(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    return client.get(url)


def not_russian(response, url, words):
    """What on the page is not in Russian, or an empty list."""
    html = response.content.decode()
    problems = [] if '<html lang="ru">' in html else ["the page is not in Russian"]
    if "[invalid name]" in html:
        problems.append("[invalid name]")
    english = english_in(html, words)
    if english:
        problems.append(f"English words: {', '.join(english)}")
    return [f"{url}: {problem}" for problem in problems]


def test_the_page_list_is_found_in_the_urlconf():
    pages = portal_pages()
    assert "measures:measure_list" in pages and "accounts:security" in pages
    assert not set(NOT_PAGES) - set(pages), "a page named in NOT_PAGES no longer exists"


@pytest.mark.parametrize("persona", ["kz_coordinator", "officer"])
def test_every_portal_page_is_in_russian(client, request, russian_data, persona):
    user = request.getfixturevalue(persona)
    user.preferred_language = "ru"
    user.save()
    sign_in(client, user)
    words = english_words()
    read, problems = 0, []
    for name in portal_pages():
        if name in NOT_PAGES:
            continue
        url = reverse(name, args=arguments(name, russian_data))
        response = read_in_russian(client, url)
        if response.status_code in (403, 404):
            continue  # not this persona's page (e.g. staff do not write a coordinator's report)
        assert response.status_code == 200, (url, response.status_code)
        problems += not_russian(response, url, words)
        read += 1
    assert not problems, "\n".join(problems)
    assert read >= 20


def test_the_signed_out_pages_are_in_russian(client, db):
    words = english_words()
    problems = []
    for name in ("portal:login", "portal:password_reset", "portal:password_reset_done"):
        url = reverse(name)
        problems += not_russian(read_in_russian(client, url), url, words)
    assert not problems, "\n".join(problems)


def test_the_filters_are_labelled_and_chosen_from_lists_in_russian(client, kz_coordinator, russian_data):
    kz_coordinator.preferred_language = "ru"
    kz_coordinator.save()
    sign_in(client, kz_coordinator)
    html = read_in_russian(client, reverse("measures:measure_list") + "?ordering=-adopted_on").content.decode()
    assert "Измерение" in html and '<select name="dimension"' in html
    assert "Экономическое измерение</option>" in html
    assert 'type="date"' in html
    assert "(по убыванию)" in html


def test_a_search_with_a_filter_finds_rows_by_code_in_any_case(client, kz_coordinator, russian_data):
    sign_in(client, kz_coordinator)
    code = russian_data["dimension"].code.upper()
    response = client.get(reverse("measures:measure_list"), {"dimension": code})
    assert response.status_code == 200
    assert "Energy" in response.content.decode()


def test_the_catalogue_has_no_empty_or_fuzzy_translation():
    po = catalogue()
    assert not [e.msgid for e in po.untranslated_entries()]
    assert not [e.msgid for e in po.fuzzy_entries()]


def test_the_compiled_catalogue_is_current():
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.exists()
    # keyed by context too: "submitted by" (a delegation) and "submitted by" in the context "speakers" are two entries
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo)) if not e.msgid_plural}
    for entry in catalogue():
        if not entry.msgid_plural and not entry.obsolete:
            found = compiled.get((entry.msgctxt, entry.msgid))
            assert found == entry.msgstr, f"run compilemessages: {entry.msgid!r}"


def test_a_third_language_is_a_catalogue_and_a_setting(client, kz_coordinator, russian_data, settings, tmp_path):
    """Chinese, say: a compiled catalogue in a locale folder and one line in LANGUAGES; no code changes."""
    messages = tmp_path / "zh_Hans" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans"}
    po.append(polib.POEntry(msgid="Measures", msgstr="措施"))
    po.append(polib.POEntry(msgid="Sort by", msgstr="排序"))
    po.save_as_mofile(str(messages / "django.mo"))
    settings.LANGUAGES = [*settings.LANGUAGES, ("zh-hans", "Simplified Chinese")]
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path]
    kz_coordinator.preferred_language = "zh-hans"
    kz_coordinator.save()
    sign_in(client, kz_coordinator)
    html = client.get(reverse("measures:measure_list")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "措施" in html and "排序" in html
    assert 'value="zh-hans"' in html  # the language switcher offers it


def printout_urls(data):
    meeting, chairmanship = data["meeting"], data["chairmanship"]
    return [
        reverse("printouts:meeting", args=[meeting.pk, "agenda"]),
        reverse("printouts:meeting", args=[meeting.pk, "decisions"]),
        reverse("printouts:measure_status", args=[data["measure"].pk]),
        reverse("printouts:dimension_status", args=[data["dimension"].pk]),
        reverse("printouts:country_status", args=["KZ"]),
        reverse("printouts:catalogue_status"),
        reverse("printouts:priorities", args=[chairmanship.pk]),
    ]


def test_every_pdf_is_in_russian(client, kz_coordinator, russian_data):
    from tests.printouts.conftest import pdf_text

    kz_coordinator.preferred_language = "ru"
    kz_coordinator.save()
    sign_in(client, kz_coordinator)
    words, problems = english_words(), []
    for url in printout_urls(russian_data):
        response = client.get(url)
        assert response.status_code == 200, url
        text = pdf_text(response.content)
        english = sorted({w for w in re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", text) if w in words})
        if english:
            problems.append(f"{url}: English words: {', '.join(english)}")
    assert not problems, "\n".join(problems)


def test_the_emails_are_in_russian(kz_coordinator, russian_data):
    from notifications import emails
    from notifications.reminders import DECISION_OVERDUE, REPORT_DUE

    kz_coordinator.preferred_language = "ru"
    kz_coordinator.save()
    report, decision = russian_data["report"], russian_data["decision"]
    messages = [
        emails.report_reviewed(kz_coordinator, report=report),
        emails.reminder(kz_coordinator, reminder=REPORT_DUE, obj=report, stage="7", due_on=report.due_on, days=7),
        emails.reminder(
            kz_coordinator,
            reminder=DECISION_OVERDUE,
            obj=decision,
            stage="overdue",
            due_on=decision.deadline,
            days=None,
        ),
        emails.password_reset(kz_coordinator, domain="portal.example", protocol="https"),
    ]
    words, problems = english_words(), []
    for message in messages:
        html = next((body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        for text in (message.subject, message.body, VisibleText.of(html)):
            text = re.sub(r"\S+://\S+|\S+@\S+", " ", text)  # addresses are not words
            english = sorted({w for w in re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", text) if w in words})
            if english:
                problems.append(f"{message.subject}: English words: {', '.join(english)}")
    assert not problems, "\n".join(problems)
