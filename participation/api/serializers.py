"""The API's participation resources. A state (its coordinators and focal points) and staff see a delegation in
full; anyone else sees it only once it is on an issued list of participants, without personal details (emails)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from chairmanship.models import Country
from core.api.serializers import ModelSerializer, slug
from core.permissions import is_staff
from relations.models import PartnerOrganization
from secretariat.models import Meeting

from ..forms import validate_credentials
from ..models import Delegation, Participant, Registration


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def sees_in_full(user, delegation):
    """Staff, and the delegation's own state (or organization): its personal details and its credentials."""
    if is_staff(user):
        return True
    if user is None or not user.is_authenticated:
        return False
    if delegation.country_id:
        return user.country_id == delegation.country_id
    return bool(user.acts_for_focal_point and user.partner_id == delegation.partner_id)


class RegistrationSerializer(ModelSerializer):
    """Registration for a meeting: who is invited, the nomination deadline and the seats per delegation."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    partners = slug("acronym", PartnerOrganization.objects.all(), many=True, required=False)
    is_open = serializers.SerializerMethodField()
    list_of_participants = serializers.CharField(
        source="participants_list.symbol", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Registration
        fields = (
            "id",
            "meeting",
            "deadline",
            "seats",
            "invite_members",
            "invite_observers",
            "partners",
            "is_open",
            "list_of_participants",
        )

    def get_is_open(self, registration) -> bool:
        return registration.is_open()


class ParticipantSerializer(ModelSerializer):
    """A member of a delegation; the email only for staff and the delegation's own state."""

    delegation = serializers.PrimaryKeyRelatedField(queryset=Delegation.objects.all())

    class Meta:
        model = Participant
        fields = (
            "id",
            "delegation",
            "name",
            "name_cyrillic",
            "title",
            "function",
            "function_ru",
            "is_head",
            "email",
            "position",
        )
        validators = []  # the model's own checks (Participant.clean) answer, field by field

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not sees_in_full(_user(self), instance.delegation):
            data["email"] = None
        return data

    def validate(self, attrs):
        delegation = attrs.get("delegation") or getattr(self.instance, "delegation", None)
        user = _user(self)
        if delegation is not None and not is_staff(user):
            delegation.check_nominable()
        return super().validate(attrs)


class NestedParticipantSerializer(ParticipantSerializer):
    with_timestamps = False

    class Meta(ParticipantSerializer.Meta):
        fields = tuple(name for name in ParticipantSerializer.Meta.fields if name != "delegation")
        read_only_fields = fields


class DelegationSerializer(ModelSerializer):
    """A state's (or partner organization's) delegation to a meeting: a focal point drafts it and submits it (a
    PATCH of the status, or POST .../transitions/), staff accredit it or return it with a note."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    country = slug(
        "iso2",
        Country.objects.all(),
        required=False,
        allow_null=True,
        help_text="ISO code of the state (a focal point's own state by default).",
    )
    partner = slug("acronym", PartnerOrganization.objects.all(), required=False, allow_null=True)
    participants = NestedParticipantSerializer(many=True, read_only=True)
    credentials_url = serializers.SerializerMethodField()

    class Meta:
        model = Delegation
        fields = (
            "id",
            "meeting",
            "country",
            "partner",
            "status",
            "submitted_at",
            "reviewed_at",
            "return_note",
            "credentials_url",
            "participants",
        )
        read_only_fields = ("submitted_at", "reviewed_at")
        validators = []  # the model's own checks (Delegation.clean, its constraints) answer, field by field

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_credentials_url(self, delegation):
        if not delegation.credentials or not sees_in_full(_user(self), delegation):
            return None
        url = reverse("api:delegation-credentials", args=[delegation.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_fields(self):
        fields = super().get_fields()
        if not is_staff(_user(self)):
            fields["return_note"].read_only = True  # staff write it, with the step that returns the delegation
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not sees_in_full(_user(self), instance):
            data["return_note"] = None
        return data

    def validate(self, attrs):
        user = _user(self)
        if self.instance is None and not is_staff(user):
            own = (user.country, None) if user.country_id else (None, user.partner)
            if "country" not in attrs and "partner" not in attrs:
                attrs["country"], attrs["partner"] = own
            if (attrs.get("country"), attrs.get("partner")) != own:
                raise PermissionDenied(_("You nominate only for the state or organization you act for."))
        if self.instance is not None:
            for name in ("meeting", "country", "partner"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    message = _("A nominated delegation keeps its meeting and state.")
                    raise serializers.ValidationError({name: [message]})
        if not is_staff(user):
            would_be = Delegation(meeting=attrs.get("meeting") or self.instance.meeting)
            would_be.check_nominable()
        return super().validate(attrs)


class CredentialsSerializer(serializers.Serializer):
    file = serializers.FileField(write_only=True, validators=[validate_credentials], help_text="A PDF.")
