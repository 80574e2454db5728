"""Portal pages of the chairmanship: terms in the chair with their Troika, priorities and initiatives."""

from django.db.models import Prefetch
from django.shortcuts import redirect

from core.views.generic import FileDownloadView, ObjectDetailView, ObjectListView

from .filters import ChairmanshipFilterSet
from .models import Chairmanship, Initiative, Priority


class ChairmanshipListView(ObjectListView):
    model = Chairmanship
    filterset_class = ChairmanshipFilterSet
    table_template = "chairmanship/includes/chairmanship_table.html"
    related = ("country",)


class ChairmanshipDetailView(ObjectDetailView):
    """A term in the chair: its Troika, its Concept and its priorities with their initiatives in the Concept's order."""

    model = Chairmanship
    template_name = "chairmanship/chairmanship_detail.html"
    related = ("country",)
    prefetch = (
        Prefetch(
            "priorities",
            queryset=Priority.objects.prefetch_related(
                Prefetch(
                    "initiatives",
                    queryset=Initiative.objects.select_related("owner_country").prefetch_related("sdgs"),
                )
            ),
        ),
    )

    def get_queryset(self):
        return super().get_queryset().with_record()

    def get_context_data(self, **kwargs):
        others = Chairmanship.objects.select_related("country").exclude(pk=self.object.pk).order_by("-start_on")
        return super().get_context_data(**kwargs, troika=self.object.troika, others=others)


class CurrentChairmanshipView(ChairmanshipDetailView):
    """/portal/chairmanship/ (the Chairmanship menu): the term most likely wanted (ChairmanshipQuerySet.most_wanted:
    the running one when its content is recorded, else the latest with a Concept); before any term, the list."""

    def get(self, request, *args, **kwargs):
        current = Chairmanship.objects.most_wanted()
        if current is None:
            return redirect("chairmanship:chairmanship_list")
        self.kwargs["pk"] = current.pk
        return super().get(request, *args, **kwargs)


class ConceptDocumentView(FileDownloadView):
    model = Chairmanship
    file_field = "concept_document"
