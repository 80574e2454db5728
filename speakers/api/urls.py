from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("speakers-lists", views.SpeakersListViewSet, basename="speakerslist")
router.register("inscriptions", views.InscriptionViewSet, basename="inscription")
router.register("statements", views.StatementViewSet, basename="statement")

urlpatterns = router.urls
