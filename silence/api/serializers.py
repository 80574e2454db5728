from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from chairmanship.models import Country
from core.api.serializers import ModelSerializer, slug
from core.permissions import is_focal_point, is_staff, restrict
from core.uploads import validate_upload
from secretariat.models import MeetingBody

from ..choices import ResponseKind, SilenceStatus
from ..models import SilenceProcedure, SilenceResponse
from ..services import respond
from ..workflows import concerned_focal_point


class SilenceResponseSerializer(ModelSerializer):
    """A state's answer to a text under silence. Given by a focal point of a concerned state before the expiry:
    `objection` or `amendment` (breaking silence, `text` required) or `consensus`; `file` optional."""

    state = serializers.CharField(source="country.iso2", read_only=True, help_text="ISO code of the answering state.")
    kind = serializers.ChoiceField(choices=ResponseKind.choices)
    file = serializers.FileField(write_only=True, required=False, validators=[validate_upload])
    download_url = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField(
        help_text="The account that answered: for staff and the answering state's own focal points (else null)."
    )

    class Meta:
        model = SilenceResponse
        fields = ("id", "procedure", "state", "kind", "text", "file", "download_url", "author", "responded_at")
        read_only_fields = ("responded_at",)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "procedure" in fields:  # a procedure one may not see does not exist (400)
            fields["procedure"].queryset = restrict(SilenceProcedure.objects.all(), request.user)
        return fields

    def validate(self, attrs):
        # The answer is checked by the procedure's step under its row lock (silence.services.respond), not here.
        return attrs

    def create(self, validated_data):
        user = self.context["request"].user
        if not concerned_focal_point(user, validated_data["procedure"]):
            raise PermissionDenied(_("Only a focal point of a state this procedure concerns may answer it."))
        return respond(
            validated_data["procedure"],
            self.context["request"].user,
            validated_data["kind"],
            validated_data.get("text", ""),
            validated_data.get("file"),
        )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, response):
        # The state's answer is every concerned state's to read; who typed it in a ministry is not a partner's.
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if response.author_id is None or user is None:
            return None
        if is_staff(user) or (is_focal_point(user) and user.country_id == response.country_id):
            return response.author.username
        return None

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, response):
        if not response.file:
            return None
        url = reverse("silence:response_file", args=[response.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class SilenceProcedureSerializer(ModelSerializer):
    """A text under silence. Staff create it (a draft), then take the step `start`; the clock concludes it."""

    body = slug("code", MeetingBody.objects.all(), help_text="Code of the body, e.g. SWG.")
    states = slug("iso2", Country.objects.all(), many=True, required=False, help_text="ISO codes of the states.")
    is_open = serializers.SerializerMethodField()
    seconds_left = serializers.SerializerMethodField()
    responses = SilenceResponseSerializer(many=True, read_only=True)

    class Meta:
        model = SilenceProcedure
        fields = (
            "id",
            "body",
            "decision",
            "document",
            "states",
            "note",
            "note_ru",
            "expires_at",
            "status",
            "is_open",
            "seconds_left",
            "started_at",
            "extensions",
            "concluded_at",
            "adopted_on",
            "letter",
            "responses",
        )
        read_only_fields = ("started_at", "extensions", "concluded_at", "adopted_on", "letter")

    # Once under silence, the text, the states and the expiry change only through the steps (extend).
    FIXED_ONCE_STARTED = ("body", "decision", "document", "states", "expires_at")

    def get_fields(self):
        fields = super().get_fields()
        if self.started():
            for name in self.FIXED_ONCE_STARTED:
                fields[name].read_only = True
        return fields

    def started(self):
        return isinstance(self.instance, SilenceProcedure) and self.instance.status != SilenceStatus.DRAFT

    def validate(self, attrs):
        # Said, not silently ignored: a client changing the expiry by PATCH must learn that it did not happen.
        if self.started():
            fixed = [name for name in self.FIXED_ONCE_STARTED if name in self.initial_data]
            if fixed:
                message = _("Fixed once the text is under silence: the expiry changes by the step extend.")
                raise serializers.ValidationError(dict.fromkeys(fixed, [message]))
        return super().validate(attrs)

    def get_is_open(self, procedure) -> bool:
        return procedure.is_open()

    def get_seconds_left(self, procedure) -> int:
        return int(procedure.time_left().total_seconds())
