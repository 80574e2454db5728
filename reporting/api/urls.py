from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("rollups", views.StatusSnapshotViewSet, basename="rollup")

urlpatterns = router.urls
