"""Portal pages of the chairmanship: terms in the chair with their priorities and initiatives."""

from django.db.models import Prefetch

from core.views.generic import ObjectDetailView, ObjectListView

from .filters import ChairmanshipFilterSet
from .models import Chairmanship, Initiative, Priority


class ChairmanshipListView(ObjectListView):
    model = Chairmanship
    filterset_class = ChairmanshipFilterSet
    table_template = "chairmanship/includes/chairmanship_table.html"
    related = ("country",)


class ChairmanshipDetailView(ObjectDetailView):
    model = Chairmanship
    template_name = "chairmanship/chairmanship_detail.html"
    related = ("country",)
    prefetch = (
        Prefetch(
            "priorities",
            queryset=Priority.objects.prefetch_related(
                Prefetch("initiatives", queryset=Initiative.objects.select_related("owner_country"))
            ),
        ),
    )
