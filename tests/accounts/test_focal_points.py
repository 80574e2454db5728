"""National focal points: a right held for the account's own state (or organization), granted by staff; who may hold
it, and that rules naming `acts=is_focal_point` admit focal points and nobody else, while the coordinators' rules stay
closed to them."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from accounts.models import Role
from core.permissions import ADD, CHANGE, VIEW, Rule, is_coordinator, is_focal_point, may, register, restrict
from measures.models import ImplementationReport
from tests import factories


def test_a_focal_point_acts_for_its_state_without_being_a_coordinator(kz_focal_point):
    assert is_focal_point(kz_focal_point)
    assert not is_coordinator(kz_focal_point)


def test_a_coordinator_holds_the_right_only_when_granted(kz_coordinator):
    assert not is_focal_point(kz_coordinator)
    kz_coordinator.is_focal_point = True
    kz_coordinator.save()
    assert is_focal_point(kz_coordinator) and is_coordinator(kz_coordinator)


def test_a_withdrawn_or_inactive_focal_point_no_longer_acts(kz_focal_point, kz_coordinator):
    kz_coordinator.is_focal_point = True
    kz_coordinator.save()
    kz_coordinator.is_focal_point = False
    kz_coordinator.save()
    kz_focal_point.is_active = False
    kz_focal_point.save()
    assert not is_focal_point(kz_coordinator)
    assert not is_focal_point(kz_focal_point)


@pytest.mark.django_db
def test_an_observer_state_or_a_partner_organization_may_have_a_focal_point():
    observer = factories.CountryFactory(cica_status="observer")
    partner = factories.PartnerOrganizationFactory()
    assert is_focal_point(factories.FocalPointFactory(country=observer))
    assert is_focal_point(factories.FocalPointFactory(country=None, partner=partner))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"role": Role.FOCAL_POINT, "country": None}, "country", "one state or one partner organization"),
        ({"role": Role.FOCAL_POINT, "with_partner": True}, "country", "one state or one partner organization"),
        ({"role": Role.SERVICE, "is_focal_point": True, "country": None}, "is_focal_point", "Only a coordinator"),
        ({"role": Role.SECRETARIAT, "is_focal_point": True, "country": None}, "is_focal_point", "Only a coordinator"),
    ],
    ids=["no state", "a state and an organization", "service account", "staff"],
)
def test_who_may_not_hold_the_right_is_told_why(fields, field, message):
    fields = dict(fields)
    country = factories.CountryFactory()
    partner = factories.PartnerOrganizationFactory() if fields.pop("with_partner", False) else None
    user = factories.UserFactory.build(**{"country": country, "partner": partner, **fields})
    with pytest.raises(ValidationError) as refused:
        user.save()
    assert message in " ".join(refused.value.message_dict[field])


@pytest.fixture
def focal_point_rule():
    """A rule as the meeting-cycle records declare theirs: focal points act, for their own country."""
    label = "chairmanship.country"
    from core import permissions

    before = permissions.RULES.get(label)
    register(label, Rule(change=lambda user: Q(pk=user.country_id), acts=is_focal_point))
    yield
    if before is None:
        permissions.RULES.pop(label)
    else:
        permissions.RULES[label] = before


def test_a_focal_point_rule_admits_focal_points_only(focal_point_rule, kz_focal_point, kz_coordinator, kazakhstan):
    from chairmanship.models import Country

    assert list(restrict(Country.objects.all(), kz_focal_point, CHANGE)) == [kazakhstan]
    assert not restrict(Country.objects.all(), kz_coordinator, CHANGE).exists()
    assert may(kz_focal_point, CHANGE, Country) and not may(kz_coordinator, CHANGE, Country)


def test_the_coordinators_rules_stay_closed_to_a_focal_point(kz_focal_point):
    assert not may(kz_focal_point, ADD, ImplementationReport)
    assert not restrict(ImplementationReport.objects.all(), kz_focal_point, CHANGE).exists()
    assert may(kz_focal_point, VIEW, ImplementationReport)
