"""Meetings by month, and a private iCalendar feed a calendar program can subscribe to."""

import calendar
import datetime

import icalendar
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.models import FIRST_YEAR, LAST_YEAR
from core.permissions import VIEW, is_coordinator, is_focal_point, is_staff, restrict
from core.views.generic import PortalAccessMixin, may_use_portal
from measures.choices import ReportStatus
from measures.models import ImplementationReport
from participation.models import Registration
from secretariat.choices import MeetingStatus
from secretariat.models import Meeting
from silence.models import SilenceProcedure

from ..models import CalendarToken

FEED_PAST_DAYS = 365
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)


def _month(value, today):
    """The first day of ?month=YYYY-MM (this month when absent); 400 for anything else or a year out of range."""
    if not value:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        first = None
    if first is None or not (FIRST_YEAR <= first.year <= LAST_YEAR):
        raise BadRequest(
            _("Give the month as YYYY-MM, between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return first


class CalendarView(PortalAccessMixin, TemplateView):
    """A month grid of meetings and document deadlines; ?month=2025-06."""

    template_name = "portal/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        first = _month(self.request.GET.get("month"), today)
        grid = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        start, end = grid[0][0], grid[-1][-1]
        meetings = list(
            Meeting.objects.filter(start_on__lte=end, end_on__gte=start)
            .select_related("body", "host_country")
            .order_by("start_on")
        )
        deadlines = list(
            Meeting.objects.filter(document_deadline__range=(start, end)).select_related("body").order_by("start_on")
        )
        weeks = []
        for week in grid:
            days = []
            for day in week:
                days.append(
                    {
                        "date": day,
                        "in_month": day.month == first.month,
                        "today": day == today,
                        "meetings": [m for m in meetings if m.start_on <= day <= m.end_on],
                        "deadlines": [m for m in deadlines if m.document_deadline == day],
                    }
                )
            weeks.append(days)
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        context.update(
            month=first,
            weeks=weeks,
            weekdays=[grid[0][i] for i in range(7)],
            previous=f"{previous:%Y-%m}",
            following=f"{following:%Y-%m}",
            meetings=meetings,
            deadlines=deadlines,
        )
        return context


class SubscribeView(PortalAccessMixin, TemplateView):
    """Shows the user's secret feed address; POST makes a new one (the old address stops working)."""

    template_name = "portal/subscribe.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = CalendarToken.objects.for_user(self.request.user)
        path = reverse("portal:calendar_feed", args=[token.token])
        context["feed_url"] = self.request.build_absolute_uri(path)
        context["webcal_url"] = "webcal://" + context["feed_url"].split("://", 1)[1]
        return context

    def post(self, request):
        CalendarToken.objects.for_user(request.user).rotate()
        messages.success(request, _("A new calendar address was made. The old one no longer works."))
        return redirect("portal:subscribe")


class CalendarFeedView(View):
    """text/calendar for the token's owner: meetings, document deadlines and, for coordinators, report due dates.

    The calendar program asks without a session or a language of its own: the feed speaks the owner's language and
    counts days in the owner's time zone (their profile)."""

    def get(self, request, token):
        owner = CalendarToken.objects.select_related("user__country").filter(token=token).first()
        if owner is None or not may_use_portal(owner.user):
            raise Http404
        user = owner.user
        with translation.override(user.language), timezone.override(user.zone):
            response = self.feed(request, user)
        response["Content-Language"] = user.language
        return response

    def feed(self, request, user):
        since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
        cal = icalendar.Calendar()
        cal.add("prodid", "-//CICA Secretariat//Coordinator portal//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", _("CICA meetings and deadlines"))
        cal.add("x-wr-timezone", timezone.get_current_timezone_name())
        stamp = timezone.now()
        host = request.get_host().split(":")[0]
        meetings = (
            Meeting.objects.filter(end_on__gte=since, start_on__lte=LAST_DAY)
            .select_related("body", "host_country")
            .order_by("start_on")
        )
        for meeting in meetings:
            url = request.build_absolute_uri(reverse("secretariat:meeting_detail", args=[meeting.pk]))
            event = _event(
                f"meeting-{meeting.pk}@{host}",
                f"{meeting.body.code} {meeting.number}: {meeting.body.localized_name}",
                meeting.start_on,
                meeting.end_on,
                stamp,
                url,
            )
            if meeting.venue:
                event.add("location", meeting.localized_venue)
            event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
            cal.add_component(event)
            if meeting.document_deadline:
                cal.add_component(
                    _event(
                        f"meeting-{meeting.pk}-documents@{host}",
                        _("Documents due for %(meeting)s") % {"meeting": f"{meeting.body.code} {meeting.number}"},
                        meeting.document_deadline,
                        meeting.document_deadline,
                        stamp,
                        url,
                    )
                )
        for registration in nominations_due(user, since):
            meeting = registration.meeting
            event = icalendar.Event()
            event.add("uid", f"registration-{registration.pk}-deadline@{host}")
            event.add(
                "summary", _("Nominations due for %(meeting)s") % {"meeting": f"{meeting.body.code} {meeting.number}"}
            )
            event.add("dtstart", registration.deadline)  # an instant: the calendar shows it in the reader's zone
            event.add("dtend", registration.deadline)
            event.add("dtstamp", stamp)
            event.add("url", request.build_absolute_uri(reverse("participation:delegation_list")))
            cal.add_component(event)
        if is_coordinator(user):
            reports = (
                restrict(ImplementationReport.objects.all(), user, VIEW)
                .filter(country_id=user.country_id, due_on__gte=since)
                .filter(status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED))
                .select_related("measure")
            )
            for report in reports:
                cal.add_component(
                    _event(
                        f"report-{report.pk}@{host}",
                        _("Report due: %(measure)s") % {"measure": report.measure.localized_title},
                        report.due_on,
                        report.due_on,
                        stamp,
                        request.build_absolute_uri(reverse("measures:report_detail", args=[report.pk])),
                    )
                )
        for procedure in silence_expiries(user, since):
            cal.add_component(
                _silence_event(procedure, host, stamp, request.build_absolute_uri(procedure_url(procedure)))
            )
        response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="cica.ics"'
        response["Cache-Control"] = "private, max-age=900"
        return response


def nominations_due(user, since):
    """The nomination deadlines a reader's calendar shows: staff every registration's, a focal point those of the
    meetings its state (or organization) is invited to."""
    registrations = Registration.objects.filter(deadline__date__gte=since).select_related("meeting__body")
    if is_staff(user):
        return registrations.order_by("deadline")
    if is_focal_point(user):
        return registrations.filter(pk__in=Registration.objects.for_user(user).values("pk")).order_by("deadline")
    return registrations.none()


def silence_expiries(user, since):
    """The silence procedures the user may see (started, not withdrawn), expiring from `since` on."""
    procedures = restrict(SilenceProcedure.objects.exclude(status__in=("draft", "withdrawn")), user, VIEW)
    return procedures.filter(expires_at__date__gte=since).select_related("decision__meeting__body", "document")


def procedure_url(procedure):
    return reverse("silence:procedure_detail", args=[procedure.pk])


def _silence_event(procedure, host, stamp, url):
    """The exact moment silence expires (a timed event, not a day), the text's outcome once known."""
    event = icalendar.Event()
    event.add("uid", f"silence-{procedure.pk}@{host}")
    event.add("summary", _("Silence expires: %(text)s") % {"text": procedure.text_label})
    event.add("dtstart", procedure.expires_at)
    event.add("dtend", procedure.expires_at)
    event.add("dtstamp", stamp)
    event.add("url", url)
    event.add("description", procedure.get_status_display())
    return event


def _event(uid, summary, start, end, stamp, url):
    """An all-day event from `start` to `end` inclusive (DTEND is exclusive in iCalendar)."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", start)
    # A row written before dates were range-checked may end on the last day there is: it ends there, not after.
    event.add("dtend", end + datetime.timedelta(days=1) if end < datetime.date.max else end)
    event.add("dtstamp", stamp)
    event.add("url", url)
    return event
