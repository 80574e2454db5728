from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from chairmanship.models import Country
from core.api.serializers import ModelSerializer, slug
from core.permissions import restrict
from core.uploads import validate_upload
from secretariat.models import MeetingBody

from ..choices import ResponseKind
from ..models import SilenceProcedure, SilenceResponse
from ..permissions import sees_who_answered
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
        request = self.context.get("request")
        if response.author_id is None or not sees_who_answered(getattr(request, "user", None), response):
            return None
        return response.author.username

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

    def get_fields(self):
        fields = super().get_fields()
        if self.started():
            for name in SilenceProcedure.FIXED_UNDER_SILENCE:
                fields[name].read_only = True
        return fields

    def started(self):
        return isinstance(self.instance, SilenceProcedure) and self.instance.has_started

    def validate(self, attrs):
        # Said, not silently ignored: a client changing the expiry by PATCH must learn that it did not happen.
        changed = self.fixed_fields_changed() if self.started() else []
        if changed:
            message = _("Fixed once the text is under silence: the expiry changes by the step extend.")
            raise serializers.ValidationError(dict.fromkeys(changed, [message]))
        return super().validate(attrs)

    def fixed_fields_changed(self):
        """The fixed fields this request gives another value than the procedure's. Sending back what was read (a
        PUT of the whole record with a new note) changes nothing fixed, so it is not refused."""
        writable = super().get_fields()  # the fields as a draft has them, before get_fields makes these read-only
        changed = []
        for name in SilenceProcedure.FIXED_UNDER_SILENCE:
            field = writable[name]
            field.bind(name, self)
            given = field.get_value(self.initial_data)
            if given is serializers.empty:
                continue
            try:
                value = field.run_validation(given)
            except serializers.ValidationError:
                changed.append(name)
                continue
            current = getattr(self.instance, name)
            if name == "states":
                value, current = {country.pk for country in value}, set(current.values_list("pk", flat=True))
            if value != current:
                changed.append(name)
        return changed

    def get_is_open(self, procedure) -> bool:
        return procedure.is_open()

    def get_seconds_left(self, procedure) -> int:
        return int(procedure.time_left().total_seconds())
