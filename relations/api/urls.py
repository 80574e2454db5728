from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("partners", views.PartnerOrganizationViewSet, basename="partner")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("joint-activities", views.JointActivityViewSet, basename="jointactivity")

urlpatterns = router.urls
