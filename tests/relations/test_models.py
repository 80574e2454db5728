import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from relations.models import Agreement, Contact, PartnerOrganization
from tests.factories import AgreementFactory, ContactFactory, JointActivityFactory, PartnerOrganizationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_agreement_cannot_enter_into_force_before_signature():
    with pytest.raises(ValidationError) as err:
        AgreementFactory(signed_on=D(2014, 5, 20), entry_into_force_on=D(2014, 1, 1))
    assert "entry_into_force_on" in err.value.message_dict
    assert Agreement.objects.count() == 0


def test_an_agreement_cannot_expire_before_it_is_signed():
    with pytest.raises(ValidationError) as err:
        AgreementFactory(signed_on=D(2014, 5, 20), entry_into_force_on=None, expires_on=D(2013, 1, 1))
    assert "expires_on" in err.value.message_dict


def test_a_signed_agreement_is_not_under_negotiation():
    with pytest.raises(ValidationError) as err:
        AgreementFactory(status="under_negotiation")
    assert "status" in err.value.message_dict


def test_expiring_agreements():
    soon = AgreementFactory(expires_on=D(2021, 7, 1))
    AgreementFactory(expires_on=D(2030, 1, 1))
    AgreementFactory(expires_on=D(2021, 7, 1), status="terminated")
    assert list(Agreement.objects.expiring_before(D(2021, 8, 1))) == [soon]


def test_observer_organizations_are_partners_with_the_observer_flag():
    osce = PartnerOrganizationFactory(acronym="OSCE", is_observer=True)
    PartnerOrganizationFactory(acronym="SCO")
    assert list(PartnerOrganization.objects.observers()) == [osce]


def test_only_one_primary_contact_per_partner():
    contact = ContactFactory(is_primary=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.bulk_create([Contact(partner=contact.partner, full_name="Second", is_primary=True)])


def test_joint_activity_dates_in_order():
    with pytest.raises(ValidationError) as err:
        JointActivityFactory(start_on=D(2021, 9, 2), end_on=D(2021, 9, 1))
    assert "end_on" in err.value.message_dict
