"""load_reference_data: the real reference facts, loaded once, idempotently, all or nothing."""

import datetime
import shutil
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from chairmanship.models import Chairmanship, Country, Initiative, LegalInstrument, Priority, SustainableDevelopmentGoal
from core.models import DatePrecision
from measures.models import Coordination, Dimension, Measure
from referencedata.loader import DATA_DIR
from relations.choices import AgreementStatus
from relations.models import Agreement, PartnerOrganization
from secretariat.models import Meeting, MeetingBody, StaffMember

pytestmark = pytest.mark.django_db


def load(**options):
    out = StringIO()
    call_command("load_reference_data", stdout=out, **options)
    return out.getvalue()


def domain_counts():
    """Rows of every model of the four domain apps, their Historical* models included."""
    counts = {}
    for label in ("chairmanship", "measures", "relations", "secretariat"):
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model.objects.count()
    return counts


@pytest.fixture
def loaded():
    return load()


def test_member_states_by_date(loaded):
    assert Country.objects.members_on(datetime.date(2021, 6, 1)).count() == 27
    assert Country.objects.members_on(datetime.date(2022, 11, 1)).count() == 28
    assert Country.objects.observers().count() >= 9


def test_partial_join_dates_keep_their_precision(loaded):
    afghanistan = Country.objects.get(iso2="AF")
    assert (afghanistan.joined_on, afghanistan.joined_precision) == (datetime.date(1999, 1, 1), DatePrecision.YEAR)
    philippines = Country.objects.get(iso2="PH")
    assert (philippines.joined_on, philippines.joined_precision) == (datetime.date(2010, 12, 1), DatePrecision.MONTH)
    assert philippines.joined_display == "December 2010"
    assert Country.objects.get(iso2="KW").joined_on == datetime.date(2022, 10, 13)
    assert Country.objects.get(iso2="BY").joined_on is None  # not found: left empty
    assert Country.objects.get(iso2="KZ").name_ru == "Казахстан"


def test_catalogue(loaded):
    assert set(Dimension.objects.values_list("code", flat=True)) == {
        "military-political",
        "new-challenges-and-threats",
        "economic",
        "environmental",
        "human",
    }
    assert Measure.objects.count() >= 19
    assert not Measure.objects.filter(title_ru="").exists()
    epidemiological = Measure.objects.get(code="epidemiological-safety")
    assert set(epidemiological.coordinations.values_list("country__iso2", "start_on")) == {
        ("CN", datetime.date(2021, 6, 23)),
        ("JO", datetime.date(2021, 6, 23)),
    }
    kz = Coordination.objects.get(measure__code="military-political-dimension", country__iso2="KZ")
    assert (kz.role, kz.start_on, kz.end_on) == ("coordinator", None, None)
    transport = Coordination.objects.get(measure__code="transportation-corridors", country__iso2="AZ")
    assert (transport.start_on, transport.end_on) == (datetime.date(2021, 1, 1), datetime.date(2024, 12, 31))


def test_chairmanships_and_troika(loaded):
    term = Chairmanship.objects.get(country__iso2="KZ", start_on=datetime.date(2020, 9, 24))
    assert term.theme == "Partnership for Security and Development in Asia"
    assert "2.6. Improving the legal framework" in term.concept_text
    troika = term.troika
    assert [troika["previous"].country.iso2, troika["current"].country.iso2, troika["next"].country.iso2] == [
        "TJ",
        "KZ",
        "AZ",
    ]
    first = Chairmanship.objects.get(start_on=datetime.date(2002, 1, 1))
    assert (first.country.iso2, first.start_precision, first.period_display) == ("KZ", "year", "2002 – 2010")
    assert Chairmanship.objects.get(country__iso2="AZ").end_precision == DatePrecision.YEAR


def test_priorities_initiatives_and_sdgs(loaded):
    assert SustainableDevelopmentGoal.objects.count() == 17
    assert SustainableDevelopmentGoal.objects.get(number=16).title == "Peace, justice and strong institutions"
    priorities = Priority.objects.filter(chairmanship__start_on=datetime.date(2020, 9, 24))
    assert list(priorities.values_list("number", flat=True)) == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert not priorities.filter(title_ru="").exists()
    titles = set(Initiative.objects.values_list("title", flat=True))
    for expected in ("CICA Support Fund", "CICA Council of Eminent Persons", "Institution of the CICA Troika"):
        assert expected in titles
    asdo = Initiative.objects.get(title__startswith="Transformation of CICA into the Asian Security")
    assert asdo.priority.number == "2.1"
    assert set(asdo.sdgs.values_list("number", flat=True)) == {16, 17}
    health = Initiative.objects.get(title__startswith="New CBMs in epidemiological security")
    assert 3 in set(health.sdgs.values_list("number", flat=True))


def test_partners_observers_and_agreements(loaded):
    assert set(PartnerOrganization.objects.observers().values_list("acronym", flat=True)) == {
        "UN",
        "OSCE",
        "LAS",
        "TURKPA",
        "IOM",
    }
    concept_partners = {"IOM", "UNODC", "ECO", "SCO", "EAEU", "OIC", "Turkic Council", "ACD", "ASEAN", "SAARC"}
    concept_partners |= {"GCC", "LAS", "OSCE", "WTO"}
    assert concept_partners <= set(PartnerOrganization.objects.values_list("acronym", flat=True))
    sco = Agreement.objects.get(partner__acronym="SCO")
    assert (sco.signed_on, sco.signed_at, sco.status) == (datetime.date(2014, 5, 20), "Shanghai", "signed")
    assert Agreement.objects.get(partner__acronym="ECO").signed_on is None
    assert Agreement.objects.get(partner__acronym="ESCAP").status == AgreementStatus.UNDER_NEGOTIATION
    assert Agreement.objects.get(partner__acronym="EAEU").signed_on == datetime.date(2022, 10, 13)


def test_bodies_meetings_instruments_and_heads(loaded):
    cycle = MeetingBody.objects.filter(level__gt=0)
    assert cycle.count() >= 4
    chain, body = [], MeetingBody.objects.get(code="SWG")
    while body:
        chain.append(body.code)
        body = body.reports_to
    assert chain == ["SWG", "CSO", "CFM", "Summit"]
    assert "SOC" in MeetingBody.objects.get(code="CSO").aliases
    assert MeetingBody.objects.get(code="CEP").level == 0
    summit = Meeting.objects.get(body__code="Summit", number=4)
    assert (summit.venue, summit.host_country.iso2, summit.status) == ("Shanghai", "CN", "concluded")
    catalogue = LegalInstrument.objects.get(title="Catalogue of CICA Confidence Building Measures")
    assert (catalogue.adopted_at.body.code, catalogue.adopted_at.number) == ("CFM", 2)
    assert LegalInstrument.objects.get(title="Guidelines for CICA's External Relations").adopted_on is None
    assert StaffMember.objects.filter(position__title="Secretary General", full_name="Kairat Sarybay").exists()
    assert StaffMember.objects.count() == 5  # the head whose name was not found is skipped


def test_second_run_changes_nothing(loaded):
    before = domain_counts()
    assert before["chairmanship.HistoricalCountry"] == 38  # history rows are counted too
    output = load()
    assert domain_counts() == before
    assert "Country: created 0, updated 0, unchanged 38" in output
    assert all(", updated 0," in line and "created 0," in line for line in output.splitlines() if ": created" in line)


def test_a_changed_fact_is_updated_once(loaded):
    Country.objects.filter(iso2="JP").update(name_ru="")
    assert "Country: created 0, updated 1, unchanged 37" in load()
    assert Country.objects.get(iso2="JP").name_ru == "Япония"


def test_malformed_file_is_refused_and_changes_nothing(tmp_path):
    data_dir = tmp_path / "reference_data"
    shutil.copytree(DATA_DIR, data_dir)
    measures = data_dir / "measures.csv"
    lines = measures.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("new-challenges-and-threats,", "no-such-dimension,", 1)
    measures.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(
        CommandError, match=r"measures\.csv, row 3 \(line 4\): no dimension with code='no-such-dimension'"
    ):
        load(data_dir=str(data_dir))

    assert Country.objects.count() == 0
    assert Country.history.count() == 0


def test_invalid_value_names_the_field(tmp_path):
    data_dir = tmp_path / "reference_data"
    shutil.copytree(DATA_DIR, data_dir)
    countries = data_dir / "countries.csv"
    countries.write_text(countries.read_text(encoding="utf-8").replace("KZ,Kazakhstan", "kz,Kazakhstan"), "utf-8")

    with pytest.raises(CommandError, match=r"countries\.csv, row 8 \(line 9\): iso2"):
        load(data_dir=str(data_dir))
    assert not Country.objects.exists()
