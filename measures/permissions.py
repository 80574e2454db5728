"""Who may see and change the Catalogue's rows (registered with core.permissions from MeasuresConfig.ready())."""

from django.db.models import Q

from core.permissions import CHANGE, NOTHING, Rule, is_coordinator, is_staff, register, restrict

from .choices import PUBLISHED_PLAN_STATUSES, ReportStatus
from .models import ActionPlan, Activity, ImplementationReport, Measure, ReportAttachment


def coordinated_by_user(user, prefix="measure_id"):
    """Q for rows whose measure `user`'s country coordinates or co-coordinates today (Measure.objects.coordinated_by;
    nothing for a user who is not a coordinator)."""
    if not is_coordinator(user):
        return NOTHING
    return Q(**{f"{prefix}__in": Measure.objects.coordinated_by(user.country_id).values("pk")})


def unpublished_report_countries(user):
    """The countries whose reports `user` may read before they are accepted: None for every country (staff), the
    coordinator's own country, or none (partner systems). The report rule below and the roll-ups' figures
    (reporting.models.visible_figures) both ask this, so a figure never counts a report its reader's list hides."""
    if is_staff(user):
        return None
    return {user.country_id} if is_coordinator(user) else set()


def _report_view(user):
    published = Q(status=ReportStatus.ACCEPTED)
    countries = unpublished_report_countries(user)
    if countries is None:
        return Q()
    return published | Q(country_id__in=countries) if countries else published


def _report_own(user):
    """The reports a coordinator may have created or saved: their country's, on a measure it coordinates."""
    if not is_coordinator(user):
        return NOTHING
    return Q(country_id=user.country_id) & coordinated_by_user(user)


def _report_change(user):
    return _report_own(user) & ImplementationReport.objects.open_q()


def _plan_view(user):
    return Q(status__in=PUBLISHED_PLAN_STATUSES) | coordinated_by_user(user)


def _activity_view(user):
    return Q(action_plan__status__in=PUBLISHED_PLAN_STATUSES) | _activity_change(user)


def _activity_change(user):
    return coordinated_by_user(user, "action_plan__measure_id")


def _attachment_view(user):
    return Q(report__in=restrict(ImplementationReport.objects.all(), user, "view"))


def _reports_changeable(user):
    """The reports a user may attach files to: those they may change."""
    return Q(pk__in=restrict(ImplementationReport.objects.all(), user, CHANGE))


def _attachment_add(user):
    return Q(report__in=restrict(ImplementationReport.objects.all(), user, CHANGE))


def _measures_coordinated(user):
    """The measures under which a coordinator writes reports: those their country coordinates today."""
    return coordinated_by_user(user, "pk")


def _plans_coordinated(user):
    return coordinated_by_user(user)


register(
    ImplementationReport,
    Rule(view=_report_view, add=_report_own, change=_report_change, add_under=_measures_coordinated),
)
register(ReportAttachment, Rule(view=_attachment_view, add=_attachment_add, add_under=_reports_changeable))
register(ActionPlan, Rule(view=_plan_view))
register(
    Activity,
    Rule(view=_activity_view, add=_activity_change, change=_activity_change, add_under=_plans_coordinated),
)
