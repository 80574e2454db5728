"""Issue 21, "done when": after seed_demo (what `make run` does), Kazakhstan's national focal point signs in with the
printed password and inscribes on a list of speakers; staff order and close that list and publish the statement
waiting on another."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from speakers.models import Inscription, SpeakersList, Statement
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

PASSWORD = "demo-pass-123"


def test_the_demo_focal_point_inscribes_and_staff_order_close_and_publish(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", password=PASSWORD, stdout=out)
    assert "fp-kz" in out.getvalue()

    focal_point = Client()
    assert focal_point.post("/portal/login/", {"username": "fp-kz", "password": PASSWORD}).status_code == 302
    open_list = SpeakersList.objects.get(status="open")
    page = focal_point.get(reverse("speakers:list_detail", args=[open_list.pk])).content.decode()
    assert "Inscribe on the list" in page
    response = focal_point.post(
        reverse("speakers:inscribe", args=[open_list.pk]), {"speaker": "H.E. the Minister", "rank": "minister"}
    )
    assert response.status_code == 302
    assert [i.country.iso2 for i in open_list.speakers()] == ["IN", "TR", "KZ"]

    staff = signed_in(User.objects.get(username="secretariat"))
    changelist = reverse("admin:speakers_speakerslist_changelist")
    response = staff.post(changelist, {"action": "order_by_protocol", "_selected_action": [open_list.pk]})
    assert response.status_code == 302
    assert [i.country.iso2 for i in open_list.speakers()] == ["KZ", "IN", "TR"]  # the minister first
    response = staff.post(changelist, {"action": "step_close", "_selected_action": [open_list.pk]})
    open_list.refresh_from_db()
    assert open_list.status == "closed"

    waiting = Statement.objects.get(status="submitted")
    response = staff.post(
        reverse("admin:speakers_statement_changelist"), {"action": "step_publish", "_selected_action": [waiting.pk]}
    )
    waiting.refresh_from_db()
    assert waiting.status == "published" and waiting.published_at is not None
    assert Inscription.objects.filter(speakers_list__status="closed", status="spoke").count() == 4
