from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("meeting-bodies", views.MeetingBodyViewSet, basename="meetingbody")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("decisions", views.DecisionViewSet, basename="decision")

urlpatterns = router.urls
