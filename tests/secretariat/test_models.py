import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.workflows import TransitionRefused
from secretariat.models import Decision, Document, Meeting, StaffMember
from secretariat.services import carry_forward_agenda, issue_revision
from secretariat.workflows import DECISION_WORKFLOW
from tests.factories import (
    AgendaItemFactory,
    ContributionFactory,
    DecisionFactory,
    DocumentFactory,
    MeasureFactory,
    MeetingBodyFactory,
    MeetingFactory,
    ObserverStateFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def cycle():
    swg = MeetingBodyFactory(code="SWG", level=1)
    cso = MeetingBodyFactory(
        code="CSO",
        level=2,
    )
    cfm = MeetingBodyFactory(code="CFM", level=3)
    return swg, cso, cfm


class TestMeeting:
    def test_end_before_start_is_a_field_error_and_nothing_is_saved(self):
        with pytest.raises(ValidationError) as err:
            MeetingFactory(start_on=D(2021, 6, 22), end_on=D(2021, 6, 21))
        assert "end_on" in err.value.message_dict
        assert Meeting.objects.count() == 0

    def test_documents_are_due_before_the_meeting(self):
        with pytest.raises(ValidationError) as err:
            MeetingFactory(start_on=D(2021, 6, 22), document_deadline=D(2021, 6, 30))
        assert "document_deadline" in err.value.message_dict

    def test_sequence_number_is_unique_per_body(self, cycle):
        MeetingFactory(body=cycle[0], number=1)
        MeetingFactory(body=cycle[1], number=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            Meeting.objects.bulk_create(
                [Meeting(body=cycle[0], number=1, start_on=D(2022, 1, 1), end_on=D(2022, 1, 1))]
            )


class TestDocumentSymbol:
    def test_meeting_documents_are_numbered_per_body_and_year(self, cycle):
        meeting = MeetingFactory(body=cycle[0], start_on=D(2021, 6, 22), end_on=D(2021, 6, 23))
        first = DocumentFactory(meeting=meeting, issued_on=D(2021, 6, 1))
        second = DocumentFactory(meeting=meeting, issued_on=D(2021, 6, 2))
        next_year = DocumentFactory(meeting=meeting, issued_on=D(2022, 1, 5))
        other_body = DocumentFactory(meeting=MeetingFactory(body=cycle[1]), issued_on=D(2021, 6, 2))
        assert [first.symbol, second.symbol, next_year.symbol, other_body.symbol] == [
            "CICA/SWG/2021/1",
            "CICA/SWG/2021/2",
            "CICA/SWG/2022/1",
            "CICA/CSO/2021/1",
        ]

    def test_documents_outside_meetings_get_their_own_series(self):
        measure_doc = DocumentFactory(meeting=None, measure=MeasureFactory(), issued_on=D(2021, 3, 1))
        general = DocumentFactory(meeting=None, issued_on=D(2021, 3, 1))
        assert (measure_doc.symbol, general.symbol) == ("CICA/CBM/2021/1", "CICA/GEN/2021/1")

    def test_a_given_symbol_is_kept_and_must_be_unique(self):
        DocumentFactory(symbol="CICA/SWG/2019/7")
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.bulk_create([Document(symbol="CICA/SWG/2019/7", title="again")])

    def test_a_document_is_attached_to_one_thing_at_most(self):
        with pytest.raises(ValidationError):
            DocumentFactory(measure=MeasureFactory())


class TestDecision:
    def test_a_member_state_responsibility_names_the_state(self):
        with pytest.raises(ValidationError) as err:
            DecisionFactory(responsible_party="member_state")
        assert "responsible_country" in err.value.message_dict

    def test_an_observer_cannot_be_responsible(self):
        with pytest.raises(ValidationError) as err:
            DecisionFactory(responsible_party="member_state", responsible_country=ObserverStateFactory())
        assert "responsible_country" in err.value.message_dict

    def test_overdue_means_open_and_past_its_deadline(self):
        late = DecisionFactory(deadline=D(2021, 1, 1))
        DecisionFactory(deadline=D(2021, 1, 1), status="implemented", progress=100)
        DecisionFactory(deadline=D(2099, 1, 1))
        assert list(Decision.objects.overdue(on=D(2021, 6, 1))) == [late]

    def test_a_summit_decision_traces_back_to_the_swg_work_behind_it(self, cycle, officer):
        swg, cso, cfm = cycle
        recommendation = DecisionFactory(
            meeting=MeetingFactory(body=swg, start_on=D(2021, 3, 1), end_on=D(2021, 3, 1)),
            title="Draft rules of the CICA Support Fund",
            title_ru="Проект правил Фонда поддержки СВМДА",
            text="The SWG recommends the draft rules.",
        )
        MeetingFactory(body=cso, start_on=D(2021, 6, 1), end_on=D(2021, 6, 1))
        cfm_meeting = MeetingFactory(body=cfm, start_on=D(2021, 10, 11), end_on=D(2021, 10, 12))

        at_cso = DECISION_WORKFLOW.take(recommendation, officer, "refer").taken_up_as  # the next CSO meeting
        at_cfm = DECISION_WORKFLOW.take(at_cso, officer, "refer", to_meeting=cfm_meeting).taken_up_as

        assert at_cfm.lineage() == [recommendation, at_cso, at_cfm] == recommendation.lineage()
        assert (at_cfm.title, at_cfm.title_ru, at_cfm.text) == (
            recommendation.title,
            recommendation.title_ru,
            recommendation.text,
        )
        assert at_cfm.agenda_item.title == recommendation.title and at_cfm.agenda_item.meeting == cfm_meeting
        assert at_cfm.status == "open" and at_cso.meeting.body == cso
        recommendation.refresh_from_db()
        assert recommendation.status == "referred"
        assert recommendation.history.first().history_user == officer
        assert list(cfm_meeting.referred_in()) == [at_cfm]

    def test_a_matter_is_referred_only_to_a_later_meeting_of_a_higher_body(self, cycle, officer):
        swg, cso, _ = cycle
        source = DecisionFactory(meeting=MeetingFactory(body=cso, start_on=D(2021, 6, 1), end_on=D(2021, 6, 1)))
        lower = MeetingFactory(body=swg, start_on=D(2021, 9, 1), end_on=D(2021, 9, 1))
        with pytest.raises(ValidationError) as err:
            DECISION_WORKFLOW.take(source, officer, "refer", to_meeting=lower)
        assert "to_meeting" in err.value.message_dict
        with pytest.raises(ValidationError, match="No later meeting of a higher body"):
            DECISION_WORKFLOW.take(source, officer, "refer")
        source.refresh_from_db()
        assert source.status == "open"

    def test_a_closed_decision_cannot_be_referred(self, cycle, officer):
        swg, cso, _ = cycle
        done = DecisionFactory(
            meeting=MeetingFactory(body=swg, start_on=D(2021, 3, 1), end_on=D(2021, 3, 1)), status="implemented"
        )
        MeetingFactory(body=cso, start_on=D(2021, 6, 1), end_on=D(2021, 6, 1))
        with pytest.raises(TransitionRefused, match="cannot go from implemented to referred"):
            DECISION_WORKFLOW.take(done, officer, "refer")

    def test_matters_travel_up_not_down(self, cycle):
        swg, cso, _ = cycle
        at_cso = DecisionFactory(meeting=MeetingFactory(body=cso, start_on=D(2021, 3, 1), end_on=D(2021, 3, 1)))
        with pytest.raises(ValidationError) as err:
            DecisionFactory(
                meeting=MeetingFactory(body=swg, start_on=D(2021, 6, 1), end_on=D(2021, 6, 1)), referred_from=at_cso
            )
        assert "referred_from" in err.value.message_dict


class TestCarryForward:
    def test_unfinished_substantive_items_and_open_decisions_carry_to_the_next_meeting_of_the_body(
        self, cycle, officer
    ):
        swg = cycle[0]
        first = MeetingFactory(body=swg, number=1, start_on=D(2021, 3, 1), end_on=D(2021, 3, 2), status="concluded")
        second = MeetingFactory(body=swg, number=2, start_on=D(2021, 6, 1), end_on=D(2021, 6, 2))
        AgendaItemFactory(meeting=first, number=1, title="Adoption of the agenda", is_procedural=True)
        unfinished = AgendaItemFactory(meeting=first, number=2, title="Draft rules of the Support Fund")
        AgendaItemFactory(meeting=second, number=1, title="Opening", is_procedural=True)
        open_decision = DecisionFactory(meeting=first)
        DecisionFactory(meeting=first, status="implemented", progress=100)

        created = carry_forward_agenda(first, officer)
        again = carry_forward_agenda(first, officer)

        assert [(i.number, i.title, i.carried_from) for i in created] == [
            (2, "Draft rules of the Support Fund", unfinished)
        ]
        assert created[0].history.first().history_change_reason == f"Carried from {first}, item 2"
        assert again == []
        unfinished.refresh_from_db()
        assert unfinished.status == "carried_forward"
        assert list(second.pending_decisions()) == [open_decision]

    def test_a_meeting_that_has_not_concluded_carries_nothing(self, cycle, officer):
        first = MeetingFactory(body=cycle[0], start_on=D(2021, 3, 1), end_on=D(2021, 3, 2))
        MeetingFactory(body=cycle[0], start_on=D(2021, 6, 1), end_on=D(2021, 6, 2))
        AgendaItemFactory(meeting=first)
        with pytest.raises(ValidationError, match="once .* has concluded"):
            carry_forward_agenda(first, officer)

    def test_no_later_meeting_is_a_clear_error(self, cycle, officer):
        with pytest.raises(ValidationError, match="no later meeting"):
            carry_forward_agenda(MeetingFactory(body=cycle[0], status="concluded"), officer)


class TestDocumentRevisions:
    def test_a_revision_is_numbered_after_the_original_and_supersedes_it(self, officer):
        original = DocumentFactory(title="Draft rules")
        rev1 = issue_revision(original, officer, "revision")
        corrigendum = issue_revision(rev1, officer, "corrigendum")
        rev2 = issue_revision(original, officer, "revision", title="Draft rules, as agreed")

        assert rev1.symbol == f"{original.symbol}/Rev.1"
        assert corrigendum.symbol == f"{original.symbol}/Corr.1"
        assert rev2.symbol == f"{original.symbol}/Rev.2" and rev2.title == "Draft rules, as agreed"
        assert [(d.symbol, d.status) for d in original.family()] == [
            (original.symbol, "superseded"),
            (rev1.symbol, "superseded"),
            (corrigendum.symbol, "current"),
            (rev2.symbol, "current"),
        ]
        assert rev2.meeting_id == original.meeting_id and rev2.distribution == original.distribution

    def test_a_hand_typed_symbol_never_blocks_its_series(self):
        first = DocumentFactory(issued_on=D(2021, 3, 1))
        prefix, number = first.symbol.rsplit("/", 1)
        typed = DocumentFactory(symbol=f"{prefix}/{int(number) + 1}", meeting=first.meeting, issued_on=D(2021, 3, 1))
        following = DocumentFactory(meeting=first.meeting, issued_on=D(2021, 3, 1))
        assert following.symbol == f"{prefix}/{int(number) + 2}"
        assert typed.symbol != following.symbol

    def test_a_number_taken_by_hand_beyond_the_series_is_stepped_over(self):
        first = DocumentFactory(issued_on=D(2021, 3, 1))
        prefix, number = first.symbol.rsplit("/", 1)
        Document.objects.filter(pk=first.pk).update(symbol=f"{prefix}/{int(number) + 1}")
        Document.objects.create(title="Old numbering", symbol=f"{prefix}/{number}", meeting=first.meeting)
        following = DocumentFactory(meeting=first.meeting, issued_on=D(2021, 3, 1))
        assert following.symbol == f"{prefix}/{int(number) + 2}"


class TestStaffAndContributions:
    def test_representation_of_sub_regions_is_counted_in_the_database(self, kazakhstan, india):
        StaffMemberFactory(nationality=kazakhstan)
        StaffMemberFactory(nationality=kazakhstan)
        StaffMemberFactory(nationality=india)
        StaffMemberFactory(nationality=india, contract_start=D(2010, 1, 1), contract_end=D(2012, 1, 1))
        rows = StaffMember.objects.serving(on=D(2021, 6, 1)).representation_by_subregion()
        assert {r["nationality__subregion"]: r["staff"] for r in rows} == {"central_asia": 2, "southern_asia": 1}

    def test_staff_are_nationals_of_member_states(self):
        with pytest.raises(ValidationError) as err:
            StaffMemberFactory(nationality=ObserverStateFactory())
        assert "nationality" in err.value.message_dict

    def test_one_contribution_per_state_year_and_kind(self, kazakhstan):
        ContributionFactory(country=kazakhstan, year=2021, kind="assessed")
        with pytest.raises(IntegrityError), transaction.atomic():
            ContributionFactory._meta.model.objects.bulk_create(
                [ContributionFactory._meta.model(country=kazakhstan, year=2021, kind="assessed")]
            )

    def test_outstanding_amount(self):
        assert ContributionFactory(assessed_amount=100, paid_amount=40).outstanding == 60
