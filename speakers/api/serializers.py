from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chairmanship.models import Country
from core.api.serializers import ModelSerializer, slug
from core.permissions import is_staff
from core.uploads import validate_upload

from ..models import Inscription, SpeakersList, Statement

STATE_HELP = "ISO code of the state; a focal point may leave it out (its own state)."


class SpeakersListSerializer(ModelSerializer):
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)

    class Meta:
        model = SpeakersList
        fields = ("id", "agenda_item", "meeting", "status", "closes_at")


class OwnStateMixin:
    """A focal point writes for its own state: `country` may be left out; the row is checked by the rule anyway."""

    def validate(self, attrs):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if self.instance is None and "country" not in attrs and getattr(user, "country_id", None):
            attrs["country"] = user.country
        if self.instance is None and "country" not in attrs:
            raise serializers.ValidationError({"country": [_("Name the state (its ISO code).")]})
        return super().validate(attrs)

    def create(self, validated_data):
        validated_data[self.author_field] = self.context["request"].user
        return super().create(validated_data)


class InscriptionSerializer(OwnStateMixin, ModelSerializer):
    author_field = "inscribed_by"
    country = slug("iso2", Country.objects.all(), required=False, help_text=STATE_HELP)

    class Meta:
        model = Inscription
        fields = ("id", "speakers_list", "country", "position", "speaker", "rank", "status")
        validators = []  # once per list: the model says so, as a field error on `country`

    def validate(self, attrs):
        request = self.context.get("request")
        if request is not None and not is_staff(request.user) and "position" in self.initial_data:
            # Read-only for them, but said rather than silently ignored: a client asking for a place must know.
            raise serializers.ValidationError({"position": [_("The order of the list is set by the Secretariat.")]})
        return super().validate(attrs)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and not is_staff(request.user):
            fields["position"].read_only = True  # staff order the list
        if self.instance is not None:
            fields["speakers_list"].read_only = True
            fields["country"].read_only = True
        return fields


class StatementSerializer(OwnStateMixin, ModelSerializer):
    author_field = "submitted_by"
    country = slug("iso2", Country.objects.all(), required=False, help_text=STATE_HELP)
    agenda_item = serializers.IntegerField(source="speakers_list.agenda_item_id", read_only=True)
    file = serializers.FileField(write_only=True, validators=[validate_upload])
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Statement
        fields = (
            "id",
            "speakers_list",
            "agenda_item",
            "country",
            "language",
            "title",
            "file",
            "download_url",
            "status",
            "published_at",
        )
        read_only_fields = ("published_at",)
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["speakers_list"].read_only = True
            fields["country"].read_only = True
            fields["file"].required = False
        return fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, statement):
        url = reverse("api:statement-download", args=[statement.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ReorderSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="The ids of every inscription of the list, in the order the floor is given.",
    )
    by_protocol = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Heads of state or government first, then ministers, heads of delegation, delegates; each group "
        "in the order of inscription.",
    )

    def validate(self, attrs):
        if bool(attrs.get("order")) == bool(attrs.get("by_protocol")):
            raise serializers.ValidationError({"order": [_("Give either the order or by_protocol: true.")]})
        return attrs
