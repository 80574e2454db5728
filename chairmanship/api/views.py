from core.api.viewsets import ReadOnlyViewSet

from .. import filters
from ..models import Chairmanship, Country, Initiative, LegalInstrument, Priority, SustainableDevelopmentGoal
from . import serializers


class CountryViewSet(ReadOnlyViewSet):
    queryset = Country.objects.all()
    serializer_class = serializers.CountrySerializer
    filterset_class = filters.CountryFilterSet


class ChairmanshipViewSet(ReadOnlyViewSet):
    queryset = Chairmanship.objects.select_related("country").with_troika()
    serializer_class = serializers.ChairmanshipSerializer
    filterset_class = filters.ChairmanshipFilterSet


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
