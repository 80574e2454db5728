from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("dimensions", views.DimensionViewSet, basename="dimension")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("coordinations", views.CoordinationViewSet, basename="coordination")
router.register("action-plans", views.ActionPlanViewSet, basename="actionplan")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("reports", views.ImplementationReportViewSet, basename="report")

urlpatterns = router.urls
