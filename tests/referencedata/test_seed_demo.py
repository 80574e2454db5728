"""seed_demo: a demo set dated around today, repeatable, with accounts that can sign in."""

import base64
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from measures.choices import ReportStatus
from measures.models import ImplementationReport
from relations.models import Agreement
from secretariat.models import Decision, DocumentLanguageVersion, Meeting

pytestmark = pytest.mark.django_db

PASSWORD = "demo-pass-123"


def seed(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def all_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed(password=PASSWORD)
    assert not User.objects.exists()
    assert "secretariat" in seed(password=PASSWORD, force=True)


def test_loads_reference_data_and_prints_working_logins(debug):
    output = seed(password=PASSWORD)

    assert "secretariat" in output and "coord-kz" in output and PASSWORD in output
    printed = [line.split()[0] for line in output.splitlines() if line.strip().startswith(("coord-", "fp-"))]
    assert "fp-kz" in printed and len(printed) == len(set(printed)), printed  # each login once
    officer = User.objects.get(username="secretariat")
    # An ordinary officer, as staff are set up: not a superuser, the officers' group gives the admin permissions.
    assert (officer.is_staff, officer.is_superuser, officer.role) == (True, False, Role.SECRETARIAT)
    assert officer.has_perm("secretariat.change_decision") and officer.has_perm("axes.delete_accessattempt")
    assert not officer.has_perm("auth.change_group")
    coordinator = User.objects.get(username="coord-kz")
    assert (coordinator.role, coordinator.country.iso2) == (Role.COORDINATOR, "KZ")
    for username in ("coord-kz", "coord-bd"):
        client = Client()
        response = client.post("/portal/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, username
        assert client.get("/portal/").status_code == 200, username


def test_the_demo_officer_reaches_the_admin_with_a_printed_recovery_code(debug):
    output = seed(password=PASSWORD)
    lines = output.splitlines()
    codes = lines[lines.index(next(line for line in lines if "one-time recovery codes" in line)) + 1].split()
    assert len(codes) == 10
    secret = next(line for line in lines if "authenticator app key" in line).split()[3]
    device = TOTPDevice.objects.get(user__username="secretariat", confirmed=True)
    assert secret == base64.b32encode(device.bin_key).decode()

    client = Client()
    client.post("/admin/login/", {"username": "secretariat", "password": PASSWORD, "next": "/admin/"})
    assert client.get("/admin/").status_code == 302  # to the second sign-in step
    response = client.post("/portal/account/two-factor/verify/", {"code": codes[0], "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_demo_officer_keeps_the_app_key_and_gets_new_recovery_codes_on_every_run(debug):
    first, second = seed(password=PASSWORD), seed(password=PASSWORD)
    key = [line for line in first.splitlines() if "authenticator app key" in line]
    assert key == [line for line in second.splitlines() if "authenticator app key" in line]
    assert first.splitlines()[-1] != second.splitlines()[-1]  # the recovery codes


def test_random_password_is_printed_and_works(debug):
    output = seed()
    line = next(line for line in output.splitlines() if line.strip().startswith("coord-kz"))
    password = line.split()[1]
    assert User.objects.get(username="coord-kz").check_password(password)


def test_second_run_duplicates_nothing_and_resets_passwords(debug):
    seed(password=PASSWORD)
    before = all_counts()
    output = seed(password="another-pass-456")
    assert all_counts() == before
    assert User.objects.get(username="secretariat").check_password("another-pass-456")
    assert "Meeting: created 0, updated 0, unchanged 8" in output


def test_dates_are_relative_to_today(debug):
    seed(password=PASSWORD)
    today = timezone.localdate()

    due_soon = ImplementationReport.objects.filter(
        status=ReportStatus.DRAFT, due_on__gte=today, due_on__lte=today + timezone.timedelta(days=30)
    )
    assert due_soon.exists()
    assert any(report.is_overdue for report in ImplementationReport.objects.all())
    assert Decision.objects.overdue(today).exists()
    assert Decision.objects.open().filter(deadline__gte=today, deadline__lte=today + timezone.timedelta(days=30))
    assert Meeting.objects.filter(body__code="SWG", start_on__gt=today, document_deadline__gte=today).exists()
    assert Agreement.objects.expiring_before(today + timezone.timedelta(days=30)).exists()
    statuses = set(ImplementationReport.objects.values_list("status", flat=True))
    assert statuses == {ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.RETURNED}


def test_decisions_travel_up_the_meeting_cycle(debug):
    seed(password=PASSWORD)
    top = Decision.objects.get(meeting__body__code="CFM", referred_from__isnull=False)
    assert [decision.meeting.body.code for decision in top.lineage()] == ["SWG", "CSO", "CFM"]


def test_documents_have_language_versions_with_files(debug):
    seed(password=PASSWORD)
    versions = DocumentLanguageVersion.objects.all()
    assert {"en", "ru"} <= set(versions.values_list("language", flat=True))
    version = versions.first()
    with version.file.open("rb") as handle:
        assert version.document.symbol.encode() in handle.read()


def printed_token(output):
    lines = output.splitlines()
    return lines[lines.index(next(line for line in lines if "API token of the partner system" in line)) + 1].strip()


def test_the_partner_system_of_the_readme_reads_the_api_with_the_printed_token(debug):
    output = seed(password=PASSWORD)

    partner = User.objects.get(username="unodc-system")
    assert (partner.role, partner.partner.acronym) == (Role.SERVICE, "UNODC")
    key = printed_token(output)
    response = Client().get("/api/v1/measures/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and response.json()["count"] > 0


def test_a_new_run_prints_a_new_token_and_the_last_one_stops_working(debug):
    first = printed_token(seed(password=PASSWORD))
    second = printed_token(seed(password=PASSWORD))

    assert first != second
    assert Client().get("/api/v1/measures/", HTTP_AUTHORIZATION=f"Token {first}").status_code == 401
    assert Client().get("/api/v1/measures/", HTTP_AUTHORIZATION=f"Token {second}").status_code == 200


def test_the_roll_ups_have_run_so_the_dashboard_and_the_api_have_figures(debug):
    output = seed(password=PASSWORD)
    assert f"Roll-ups for {timezone.localdate().isoformat()}" in output

    rollups = (
        Client().get("/api/v1/rollups/?scope=dimension", HTTP_AUTHORIZATION=f"Token {printed_token(output)}").json()
    )
    assert rollups["count"] == 5
    client = Client()
    client.force_login(User.objects.get(username="coord-kz"))
    page = client.get("/portal/").content.decode()
    assert "The nightly roll-up has not run yet" not in page and 'class="sparkline"' in page


def test_a_password_file_keeps_the_demo_password_from_run_to_run(debug, tmp_path):
    path = tmp_path / "var" / "demo-password"
    first = seed(password_file=str(path))
    saved = path.read_text().strip()
    assert saved and saved in first and oct(path.stat().st_mode)[-3:] == "600"

    second = seed(password_file=str(path))
    assert saved in second
    assert User.objects.get(username="coord-kz").check_password(saved)


def test_the_printed_links_follow_the_address_served(debug, settings):
    settings.SITE_URL = "http://127.0.0.1:8765"  # what `make run PORT=8765` sets
    output = seed(password=PASSWORD)
    assert "http://127.0.0.1:8765/api/v1/rollups/?scope=dimension" in output
    assert "http://127.0.0.1:8765/portal/" in output and "http://127.0.0.1:8765/admin/" in output
    assert ":8000" not in output


def test_the_first_run_shows_the_product(debug):
    """Every dimension has activities in several states, every coordinator account a measure with activities and a
    report, and the roll-ups a year of weekly history, so bars, trend and staff tables all have something to show."""
    from measures.choices import COUNTED_PLAN_STATUSES
    from measures.models import Activity, Coordination, Dimension
    from reporting.choices import Scope
    from reporting.models import StatusSnapshot

    seed(password=PASSWORD)
    today = timezone.localdate()
    counted = Activity.objects.filter(action_plan__status__in=COUNTED_PLAN_STATUSES)
    for dimension in Dimension.objects.all():
        statuses = set(counted.filter(action_plan__measure__dimension=dimension).values_list("status", flat=True))
        assert len(statuses) >= 2, (dimension.code, statuses)
    assert set(counted.values_list("status", flat=True)) == {"planned", "in_progress", "completed", "postponed",
                                                             "cancelled"}  # fmt: skip
    for user in User.objects.filter(role=Role.COORDINATOR):
        measures = Coordination.objects.active(today).filter(country=user.country).values("measure")
        assert counted.filter(action_plan__measure__in=measures).exists(), user.username
        assert ImplementationReport.objects.filter(country=user.country, measure__in=measures).exists(), user.username
    dates = StatusSnapshot.objects.filter(scope=Scope.DIMENSION).values_list("date", flat=True).distinct()
    assert len(dates) >= 53 and min(dates) <= today - timezone.timedelta(days=360)
    # Every dimension's bar today has progress to show.
    assert not StatusSnapshot.objects.filter(scope=Scope.DIMENSION, date=today, progress__isnull=True).exists()


def test_a_second_run_leaves_the_history_as_it_was(debug):
    from reporting.models import StatusSnapshot

    seed(password=PASSWORD)
    before = sorted(StatusSnapshot.objects.values_list("date", "scope", "object_id", "progress"))
    seed(password=PASSWORD)
    assert sorted(StatusSnapshot.objects.values_list("date", "scope", "object_id", "progress")) == before


def test_the_official_texts_of_the_demo_are_in_both_languages(debug):
    from secretariat.models import AgendaItem, Document

    seed(password=PASSWORD)
    assert not AgendaItem.objects.filter(title_ru="").exists()
    assert not Document.objects.filter(title_ru="").exists()
    assert not Decision.objects.filter(title_ru="").exists() and not Decision.objects.filter(text_ru="").exists()
    assert not DocumentLanguageVersion.objects.filter(language="ru", title="").exists()
