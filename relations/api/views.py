from core.api.viewsets import ModelViewSet, ReadOnlyViewSet, WorkflowViewSetMixin

from .. import filters
from ..models import Agreement, JointActivity, PartnerOrganization
from . import serializers


class PartnerOrganizationViewSet(ReadOnlyViewSet):
    queryset = PartnerOrganization.objects.all()
    serializer_class = serializers.PartnerOrganizationSerializer
    filterset_class = filters.PartnerOrganizationFilterSet


class AgreementViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = Agreement.objects.select_related("partner")
    serializer_class = serializers.AgreementSerializer
    filterset_class = filters.AgreementFilterSet


class JointActivityViewSet(ModelViewSet):
    queryset = JointActivity.objects.select_related("agreement__partner")
    serializer_class = serializers.JointActivitySerializer
    filterset_class = filters.JointActivityFilterSet
