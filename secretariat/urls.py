"""Portal pages of the meeting cycle (mounted under /portal/)."""

from django.urls import path

from . import views

app_name = "secretariat"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/files/<int:pk>/", views.DocumentFileView.as_view(), name="document_file"),
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("decisions/upload/", views.DecisionImportView.as_view(), name="decision_import"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/edit/", views.DecisionEditView.as_view(), name="decision_edit"),
    path("decisions/<int:pk>/steps/<slug:step>/", views.DecisionStepView.as_view(), name="decision_step"),
    path("meetings/<int:pk>/steps/<slug:step>/", views.MeetingStepView.as_view(), name="meeting_step"),
    path("reports/staff/", views.StaffReportView.as_view(), name="report_staff"),
    path("reports/contributions/", views.ContributionReportView.as_view(), name="report_contributions"),
]
