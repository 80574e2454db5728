from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("registrations", views.RegistrationViewSet, basename="registration")
router.register("delegations", views.DelegationViewSet, basename="delegation")
router.register("participants", views.ParticipantViewSet, basename="participant")

urlpatterns = router.urls
