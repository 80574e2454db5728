"""Portal pages of the Catalogue (mounted under /portal/)."""

from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("dimensions/", views.DimensionListView.as_view(), name="dimension_list"),
    path("dimensions/<int:pk>/", views.DimensionDetailView.as_view(), name="dimension_detail"),
    path("measures/", views.MeasureListView.as_view(), name="measure_list"),
    path("measures/<int:pk>/", views.MeasureDetailView.as_view(), name="measure_detail"),
    path("measures/<int:pk>/reports/new/", views.ReportCreateView.as_view(), name="report_create"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:pk>/submit/", views.ReportStepView.as_view(), {"step": "submit"}, name="report_submit"),
    path("reports/<int:pk>/steps/<slug:step>/", views.ReportStepView.as_view(), name="report_step"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/upload/", views.ActivityImportView.as_view(), name="activity_import"),
    path("plans/<int:pk>/activities/new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path("activities/<int:pk>/edit/", views.ActivityEditView.as_view(), name="activity_edit"),
]
