"""The benchmark's URLs: the project's, plus bare views (the ceilings of the API list figures, bench/figures/lists.py).

A bare view returns the same 50 rows as page 1 of the API list, in the same order, as JSON: `.values()` and
`JsonResponse`, nothing else; what the API nests in a row (a measure's coordinators, a report's attachments, the
decisions a decision was referred on to) it reads with one more query, as the API does. It leaves out only what the
API computes (a report's or a decision's `is_overdue`) and the links it builds. It is only mounted while a figure
runs (override_settings(ROOT_URLCONF=...)) and in the benchmark's gunicorn (bench/settings.py).
"""

from django.db.models import F
from django.http import Http404, JsonResponse
from django.urls import include, path

from measures.models import Activity, Coordination, ImplementationReport, Measure, ReportAttachment
from secretariat.models import Decision

STAMPS = ("created", "updated")
BARE = {
    "measures": lambda: Measure.objects.annotate(dimension_code=F("dimension__code")).values(
        "id", "code", "dimension_code", "title", "title_ru", "description", "description_ru", "status",
        "proposed_on", "adopted_on", *STAMPS,
    ),
    "reports": lambda: ImplementationReport.objects.values(
        "id", "measure__code", "country__iso2", "period_start", "period_end", "due_on", "narrative", "progress",
        "status", "submitted_at", "reviewed_at", "reviewed_by__username", "feedback", *STAMPS,
    ),
    "activities": lambda: Activity.objects.values(
        "id", "action_plan_id", "action_plan__measure__code", "title", "kind", "start_on", "end_on",
        "host_country__iso2", "venue", "status", "progress", "description", *STAMPS,
    ),
    "decisions": lambda: Decision.objects.values(
        "id", "meeting_id", "meeting__body__code", "agenda_item_id", "number", "title", "title_ru", "text", "text_ru",
        "responsible_party", "responsible_country__iso2", "measure__code", "deadline", "status", "progress",
        "referred_from_id", *STAMPS,
    ),
}  # fmt: skip


def bare(request, resource):
    if resource not in BARE:
        raise Http404
    rows = list(BARE[resource]()[:50])
    if resource == "reports":  # each report's attachments, as the API shows them: one more query
        attachments = {}
        for a in ReportAttachment.objects.filter(report__in=[row["id"] for row in rows]).values(
            "report_id", "id", "title", "file"
        ):
            attachments.setdefault(a.pop("report_id"), []).append(a)
        for row in rows:
            row["attachments"] = attachments.get(row["id"], [])
    if resource == "decisions":  # the decisions each was referred on to, as the API shows them: one more query
        referred = {}
        for source, target in Decision.objects.filter(referred_from__in=[row["id"] for row in rows]).values_list(
            "referred_from_id", "id"
        ):
            referred.setdefault(source, []).append(target)
        for row in rows:
            row["referred_to"] = referred.get(row["id"], [])
    if resource == "measures":  # the states coordinating each today, as the API shows them: one more query
        current = Coordination.objects.active().filter(measure__in=[row["id"] for row in rows])
        coordinators = {}
        for c in current.values("measure_id", "country__iso2", "country__name", "role", "start_on", "end_on"):
            coordinators.setdefault(c.pop("measure_id"), []).append(c)
        for row in rows:
            row["coordinators"] = coordinators.get(row["id"], [])
    return JsonResponse({"results": rows})


urlpatterns = [
    path("bench/bare/<slug:resource>/", bare),
    path("", include("cica_portal.urls")),
]
