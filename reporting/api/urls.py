from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("rollups", views.StatusSnapshotViewSet, basename="rollup")

# Before the router's rollups/<id>/, which would otherwise take "staff" for an id.
urlpatterns = [
    path("rollups/staff/", views.StaffRollupView.as_view(), name="rollup-staff"),
    path("rollups/contributions/", views.ContributionRollupView.as_view(), name="rollup-contributions"),
    *router.urls,
]
