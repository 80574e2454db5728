"""Portal pages of the chairmanship (mounted under /portal/)."""

from django.urls import path

from . import views

app_name = "chairmanship"

urlpatterns = [
    path("chairmanships/", views.ChairmanshipListView.as_view(), name="chairmanship_list"),
    path("chairmanships/<int:pk>/", views.ChairmanshipDetailView.as_view(), name="chairmanship_detail"),
]
