from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("silence-procedures", views.SilenceProcedureViewSet, basename="silenceprocedure")
router.register("silence-responses", views.SilenceResponseViewSet, basename="silenceresponse")

urlpatterns = router.urls
