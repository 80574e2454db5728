import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from tests.factories import CoordinatorFactory, CountryFactory, ObserverStateFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_belongs_to_exactly_one_member_state(kz_coordinator, kazakhstan):
    assert kz_coordinator.is_coordinator and kz_coordinator.country == kazakhstan


def test_a_coordinator_without_a_country_is_refused():
    with pytest.raises(ValidationError) as err:
        UserFactory(role=Role.COORDINATOR)
    assert "country" in err.value.message_dict


def test_the_database_refuses_a_coordinator_without_a_country(kz_coordinator):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=kz_coordinator.pk).update(country=None)


def test_a_coordinator_of_an_observer_state_is_refused():
    with pytest.raises(ValidationError) as err:
        CoordinatorFactory(country=ObserverStateFactory())
    assert "member state" in str(err.value)


def test_staff_do_not_belong_to_a_country():
    user = UserFactory(role=Role.SECRETARIAT)
    user.country = CountryFactory()
    with pytest.raises(ValidationError):
        user.full_clean()


def test_password_changes_are_not_copied_into_history(kz_coordinator):
    kz_coordinator.set_password("another-secret-123")
    kz_coordinator.save()
    assert not hasattr(kz_coordinator.history.first(), "password")
