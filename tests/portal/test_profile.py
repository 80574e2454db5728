"""Each person's profile: name, email, language and time zone on the account page, and notification preferences in
the portal's layout offering only what reaches their role. The language chosen once is the portal's, the emails',
the PDFs' and the calendar feed's from then on; the time zone is the one dates and times are shown in."""

import datetime
import re

import icalendar
from django.urls import reverse
from django.utils import translation

from notifications import emails
from portal.models import CalendarToken
from tests import factories
from tests.conftest import sign_in
from tests.printouts.conftest import pdf_text

# 21:00 UTC on 10 June 2025 is already 11 June in Almaty (UTC+5) and still 10 June in New York (UTC-4).
EVENING_IN_UTC = datetime.datetime(2025, 6, 10, 21, 0, tzinfo=datetime.UTC)


def profile(user, **changes):
    values = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "preferred_language": user.preferred_language,
        "time_zone": user.time_zone,
    }
    return {**values, **changes}


def test_the_account_page_shows_the_profile_with_a_select_of_languages_and_time_zones(kz_client):
    page = kz_client.get(reverse("accounts:security")).content.decode()
    assert 'name="first_name"' in page and 'name="email"' in page
    assert '<select name="preferred_language"' in page and 'value="ru"' in page
    assert '<select name="time_zone"' in page and 'value="Asia/Tokyo"' in page
    assert reverse("notifications:preferences") in page


def test_name_and_email_are_saved(kz_client, kz_coordinator):
    data = profile(kz_coordinator, first_name="Aigerim", last_name="Sadykova", email="a.sadykova@mfa.kz")
    response = kz_client.post(reverse("accounts:profile"), data)
    assert response.status_code == 302
    kz_coordinator.refresh_from_db()
    assert (kz_coordinator.get_full_name(), kz_coordinator.email) == ("Aigerim Sadykova", "a.sadykova@mfa.kz")


def test_a_time_zone_not_in_the_list_is_refused(kz_client, kz_coordinator):
    response = kz_client.post(reverse("accounts:profile"), profile(kz_coordinator, time_zone="Mars/Olympus"))
    assert response.status_code == 400
    kz_coordinator.refresh_from_db()
    assert kz_coordinator.time_zone == ""


def test_the_language_chosen_is_the_portals_after_signing_in_again_anywhere(client, kz_coordinator):
    sign_in(client, kz_coordinator)
    client.post(reverse("accounts:profile"), profile(kz_coordinator, preferred_language="ru"))
    client.logout()
    client.cookies.clear()  # another browser
    sign_in(client, kz_coordinator)
    page = client.get(reverse("measures:measure_list")).content.decode()
    assert '<html lang="ru">' in page


def test_the_language_switch_in_the_header_is_saved_on_the_account(kz_client, kz_coordinator):
    kz_client.post(reverse("set_language"), {"language": "ru", "next": "/portal/"})
    kz_coordinator.refresh_from_db()
    assert kz_coordinator.preferred_language == "ru"


def test_the_language_changes_the_next_emails_language(kz_client, kz_coordinator, kazakhstan):
    report = factories.ImplementationReportFactory(country=kazakhstan)
    english = emails.report_reviewed(kz_coordinator, report=report)
    kz_client.post(reverse("accounts:profile"), profile(kz_coordinator, preferred_language="ru"))
    kz_coordinator.refresh_from_db()
    russian = emails.report_reviewed(kz_coordinator, report=report)
    assert russian.subject != english.subject
    assert re.search("[а-яА-Я]", russian.subject) and not re.search("[а-яА-Я]", english.subject)


def feed(client, user):
    token = CalendarToken.objects.for_user(user).token
    client.logout()  # a calendar program does not sign in
    return icalendar.Calendar.from_ical(client.get(reverse("portal:calendar_feed", args=[token])).content)


def test_the_language_changes_the_calendar_feeds_language(kz_client, kz_coordinator):
    factories.MeetingFactory(
        start_on=datetime.date(2030, 6, 22), end_on=datetime.date(2030, 6, 23), venue="Astana", venue_ru="Астана"
    )
    kz_client.post(reverse("accounts:profile"), profile(kz_coordinator, preferred_language="ru"))
    calendar = feed(kz_client, kz_coordinator)
    with translation.override("ru"):
        assert str(calendar["x-wr-calname"]) == translation.gettext("CICA meetings and deadlines")
    assert str(calendar["x-wr-calname"]) == "Встречи и сроки СВМДА"
    locations = {str(e["location"]) for e in calendar.walk("VEVENT") if "location" in e}
    assert locations == {"Астана"}


def test_a_coordinators_time_zone_defaults_to_their_countrys(kz_coordinator, kazakhstan):
    kazakhstan.time_zone = "Asia/Almaty"
    kazakhstan.save()
    kz_coordinator.refresh_from_db()
    assert kz_coordinator.zone.key == "Asia/Almaty"
    kz_coordinator.time_zone = "Asia/Tokyo"
    assert kz_coordinator.zone.key == "Asia/Tokyo"


def today_on_the_calendar(client):
    page = client.get(reverse("portal:calendar"), {"month": "2025-06"}).content.decode()
    return int(re.search(r'class="[^"]*today[^"]*">\s*<span class="day">(\d+)</span>', page).group(1))


def test_a_time_zone_changes_the_day_shown_as_today_on_the_calendar(kz_client, kz_coordinator, time_machine):
    time_machine.move_to(EVENING_IN_UTC, tick=False)
    kz_client.post(reverse("accounts:profile"), profile(kz_coordinator, time_zone="Asia/Almaty"))
    assert today_on_the_calendar(kz_client) == 11
    kz_client.post(reverse("accounts:profile"), profile(kz_coordinator, time_zone="America/New_York"))
    assert today_on_the_calendar(kz_client) == 10


def test_a_time_zone_changes_the_calendar_feeds_zone(kz_client, kz_coordinator):
    kz_client.post(reverse("accounts:profile"), profile(kz_coordinator, time_zone="Asia/Tokyo"))
    assert str(feed(kz_client, kz_coordinator)["x-wr-timezone"]) == "Asia/Tokyo"


def test_times_are_stored_in_utc_and_shown_in_the_users_zone(kz_coordinator):
    kz_coordinator.time_zone = "Asia/Tokyo"
    kz_coordinator.save()
    kz_coordinator.refresh_from_db()
    assert kz_coordinator.date_joined.tzinfo == datetime.UTC


def offered(client):
    page = client.get(reverse("notifications:preferences")).content.decode()
    return set(re.findall(r'<input type="checkbox" name="(\w+)"', page))


def test_coordinators_are_offered_only_the_reminders_that_reach_them(kz_client):
    page = kz_client.get(reverse("notifications:preferences")).content.decode()
    assert '<html lang="en">' in page and "<main" in page  # the portal's layout
    kinds = offered(kz_client)
    assert {"report_due", "meeting_upcoming", "decision_due"} <= kinds
    assert not kinds & {"staff_digest", "agreement_expiry", "agreement_renewal"}  # staff only
    assert not kinds & {"report_overdue", "decision_overdue"}  # theirs to act on: always sent


def test_staff_are_offered_the_digest_and_the_mou_reminders(client, officer):
    sign_in(client, officer)
    assert {"staff_digest", "agreement_expiry", "agreement_renewal", "report_overdue"} <= offered(client)


def test_the_language_is_the_pdfs_language(kz_client, kz_coordinator):
    kz_client.post(reverse("accounts:profile"), profile(kz_coordinator, preferred_language="ru"))
    response = kz_client.get(reverse("printouts:catalogue_status"))
    assert response.status_code == 200
    assert re.search(
        "[а-яА-Я]{4}", pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def test_staff_choose_a_users_language_and_time_zone_from_lists_in_the_admin(client, officer, kz_coordinator):
    sign_in(client, officer)
    page = client.get(reverse("admin:accounts_user_change", args=[kz_coordinator.pk])).content.decode()
    assert '<select name="preferred_language"' in page and '<select name="time_zone"' in page
