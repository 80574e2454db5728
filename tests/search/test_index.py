"""The index follows the records: entries are written on save, rewritten when a row they show changes, removed on
delete, and `rebuild_search_index` brings everything back after bulk changes."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search import indexing
from search.models import SearchEntry
from search.sources import SOURCES
from secretariat.choices import Distribution
from tests import factories

pytestmark = pytest.mark.django_db


def entries(kind, obj):
    return {e.language: e for e in SearchEntry.objects.filter(kind=kind, object_id=obj.pk)}


def test_a_bilingual_record_has_an_entry_per_language_with_its_own_configuration():
    measure = factories.MeasureFactory(
        title="Energy security", title_ru="Энергетическая безопасность", description="Pipelines and grids."
    )
    found = entries("measure", measure)
    assert set(found) == {"en", "ru"}
    assert (found["en"].config, found["ru"].config) == ("english", "russian")
    assert found["en"].title == "Energy security"
    assert found["en"].text == "Pipelines and grids."
    assert found["ru"].title == "Энергетическая безопасность"
    assert found["en"].url == f"/portal/measures/{measure.pk}/"
    assert measure.code in found["en"].context


def test_a_record_written_in_russian_is_read_as_russian():
    decision = factories.DecisionFactory(title="О мерах доверия", text="Совещание приняло решение.")
    (entry,) = entries("decision", decision).values()
    assert (entry.language, entry.config) == ("ru", "russian")


def test_the_filter_fields_are_taken_from_the_record(kazakhstan):
    body = factories.MeetingBodyFactory(code="CSO")
    meeting = factories.MeetingFactory(body=body, start_on=datetime.date(2022, 3, 1), end_on=datetime.date(2022, 3, 2))
    decision = factories.DecisionFactory(
        meeting=meeting, responsible_party="member_state", responsible_country=kazakhstan
    )
    (entry,) = entries("decision", decision).values()
    assert (entry.body, entry.year, entry.countries) == ("CSO", 2022, " KZ ")


def test_changes_rewrite_and_deletes_remove_the_entries():
    partner = factories.PartnerOrganizationFactory(acronym="OSCE", name="Organization for Security")
    partner.name_ru = "Организация по безопасности"
    partner.save()
    assert set(entries("partner", partner)) == {"en", "ru"}
    partner.name_ru = ""
    partner.save()
    assert set(entries("partner", partner)) == {"en"}
    pk = partner.pk
    partner.delete()
    assert not SearchEntry.objects.filter(kind="partner", object_id=pk).exists()


def test_a_change_to_a_row_an_entry_shows_rewrites_that_entry(kazakhstan, india):
    measure = factories.MeasureFactory(title="Tourism")
    report = factories.ImplementationReportFactory(measure=measure, country=kazakhstan)
    factories.CoordinationFactory(measure=measure, country=india, start_on=datetime.date(2020, 1, 1))
    assert "IN" in entries("measure", measure)["en"].countries
    measure.title = "Tourism and culture"
    measure.save()
    assert entries("report", report)["en"].title.startswith("Tourism and culture")


def test_a_document_has_an_entry_per_language_version_linking_its_file():
    document = factories.DocumentFactory(title="Provisional agenda", distribution=Distribution.PUBLIC)
    english = factories.DocumentLanguageVersionFactory(document=document, language="en")
    russian = factories.DocumentLanguageVersionFactory(
        document=document, language="ru", title="Предварительная повестка"
    )
    found = entries("document", document)
    assert set(found) == {"en", "ru"}
    assert found["ru"].title == "Предварительная повестка"
    assert found["en"].title == "Provisional agenda"
    assert found["en"].file_url == f"/portal/documents/files/{english.pk}/"
    assert found["ru"].file_url == f"/portal/documents/files/{russian.pk}/"
    assert document.symbol in found["en"].context
    russian.delete()
    assert set(entries("document", document)) == {"en"}


def test_every_kind_of_record_is_indexed_on_save(kazakhstan):
    made = {
        "measure": factories.MeasureFactory(),
        "actionplan": factories.ActionPlanFactory(),
        "activity": factories.ActivityFactory(),
        "report": factories.ImplementationReportFactory(),
        "meeting": factories.MeetingFactory(),
        "agendaitem": factories.AgendaItemFactory(),
        "decision": factories.DecisionFactory(),
        "document": factories.DocumentFactory(),
        "agreement": factories.AgreementFactory(),
        "partner": factories.PartnerOrganizationFactory(),
        "legalinstrument": factories.LegalInstrumentFactory(),
        "initiative": factories.InitiativeFactory(),
        "statement": factories.StatementFactory(),
        "silence": factories.SilenceProcedureFactory(),
    }
    assert set(made) == set(SOURCES)
    for kind, obj in made.items():
        found = entries(kind, obj)
        assert found, kind
        assert all(e.url.startswith("/portal/") and e.title for e in found.values()), kind


def test_rebuild_restores_what_bulk_changes_missed_and_drops_what_is_gone():
    decision = factories.DecisionFactory(title="Original title")
    SearchEntry.objects.filter(kind="decision").delete()
    type(decision).objects.filter(pk=decision.pk).update(title="Changed in bulk")
    SearchEntry.objects.create(kind="decision", object_id=999999, language="en", config="english", title="x", url="/")
    out = StringIO()
    call_command("rebuild_search_index", "--type", "decision", stdout=out)
    assert [e.title for e in SearchEntry.objects.filter(kind="decision")] == ["Changed in bulk"]
    assert "indexed 1 entries: decision 1" in out.getvalue()


def test_rebuild_refuses_an_unknown_type():
    with pytest.raises(CommandError, match="Unknown type nonsense"):
        call_command("rebuild_search_index", "--type", "nonsense")


def test_rebuild_can_queue_the_files_never_read(django_capture_on_commit_callbacks):
    from .conftest import docx_bytes, upload

    version = factories.DocumentLanguageVersionFactory(file=upload("a.docx", docx_bytes("Unread until rebuilt")))
    out = StringIO()
    call_command("rebuild_search_index", "--type", "document", "--read-files", stdout=out)
    assert "queued 1 files to read" in out.getvalue()
    assert "Unread until rebuilt" in entries("document", version.document)["en"].text


def test_indexing_a_batch_costs_the_same_number_of_queries_for_few_and_many(django_assert_max_num_queries):
    reports = [factories.ImplementationReportFactory() for _ in range(2)]
    source = SOURCES["report"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        indexing.index(source, [r.pk for r in reports])
    reports += [factories.ImplementationReportFactory() for _ in range(8)]
    for report in reports:
        factories.ReportAttachmentFactory(report=report)
    with django_assert_max_num_queries(len(few) + 1):
        indexing.index(source, [r.pk for r in reports])
