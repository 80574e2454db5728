"""The PDFs (mounted under /portal/)."""

from django.urls import path

from . import views

app_name = "printouts"

urlpatterns = [
    path("meetings/<int:pk>/<str:kind>.pdf", views.MeetingPrintoutView.as_view(), name="meeting"),
    path("meetings/<int:pk>/<str:kind>.pdf/save/", views.SaveMeetingPrintoutView.as_view(), name="meeting_save"),
    path("measures/<int:pk>/status.pdf", views.MeasureStatusView.as_view(), name="measure_status"),
    path("dimensions/<int:pk>/status.pdf", views.DimensionStatusView.as_view(), name="dimension_status"),
    path("countries/<str:iso2>/status.pdf", views.CountryStatusView.as_view(), name="country_status"),
    path("catalogue/status.pdf", views.CatalogueStatusView.as_view(), name="catalogue_status"),
    path("chairmanships/<int:pk>/priorities.pdf", views.PrioritiesView.as_view(), name="priorities"),
]
