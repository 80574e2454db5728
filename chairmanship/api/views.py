from django.db.models import OuterRef, Subquery

from core.api.viewsets import ReadOnlyViewSet

from .. import filters
from ..models import Chairmanship, Country, Initiative, LegalInstrument, Priority, SustainableDevelopmentGoal
from . import serializers


class CountryViewSet(ReadOnlyViewSet):
    queryset = Country.objects.all()
    serializer_class = serializers.CountrySerializer
    filterset_class = filters.CountryFilterSet


class ChairmanshipViewSet(ReadOnlyViewSet):
    queryset = Chairmanship.objects.select_related("country")
    serializer_class = serializers.ChairmanshipSerializer
    filterset_class = filters.ChairmanshipFilterSet

    def get_queryset(self):
        # The Troika (Chairmanship.troika) as annotations, so a list costs one query whatever its length.
        before = Chairmanship.objects.filter(start_on__lt=OuterRef("start_on")).order_by("-start_on")
        after = Chairmanship.objects.filter(start_on__gt=OuterRef("start_on")).order_by("start_on")
        return (
            super()
            .get_queryset()
            .annotate(
                previous_id=Subquery(before.values("pk")[:1]),
                previous_country=Subquery(before.values("country__iso2")[:1]),
                next_id=Subquery(after.values("pk")[:1]),
                next_country=Subquery(after.values("country__iso2")[:1]),
            )
        )


class PriorityViewSet(ReadOnlyViewSet):
    queryset = Priority.objects.select_related("chairmanship")
    serializer_class = serializers.PrioritySerializer
    filterset_class = filters.PriorityFilterSet


class InitiativeViewSet(ReadOnlyViewSet):
    queryset = Initiative.objects.select_related("owner_country").prefetch_related("sdgs")
    serializer_class = serializers.InitiativeSerializer
    filterset_class = filters.InitiativeFilterSet


class SustainableDevelopmentGoalViewSet(ReadOnlyViewSet):
    queryset = SustainableDevelopmentGoal.objects.all()
    serializer_class = serializers.SustainableDevelopmentGoalSerializer
    filterset_class = filters.SustainableDevelopmentGoalFilterSet


class LegalInstrumentViewSet(ReadOnlyViewSet):
    queryset = LegalInstrument.objects.all()
    serializer_class = serializers.LegalInstrumentSerializer
    filterset_class = filters.LegalInstrumentFilterSet
