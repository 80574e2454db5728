from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("countries", views.CountryViewSet, basename="country")
router.register("chairmanships", views.ChairmanshipViewSet, basename="chairmanship")
router.register("priorities", views.PriorityViewSet, basename="priority")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("sdgs", views.SustainableDevelopmentGoalViewSet, basename="sdg")
router.register("legal-instruments", views.LegalInstrumentViewSet, basename="legalinstrument")

urlpatterns = router.urls
