from django.utils.text import capfirst
from rest_framework import serializers

from core.api.serializers import ModelSerializer

from ..models import SearchEntry


class SearchHitSerializer(ModelSerializer):
    """One record found: its type, title, where it matched (snippet: HTML with the matches in <mark>), links."""

    with_timestamps = False

    type = serializers.CharField(source="kind", help_text="The kind of record, e.g. document, decision, measure.")
    type_label = serializers.SerializerMethodField(help_text="The kind of record, in words (the request's language).")
    id = serializers.IntegerField(source="object_id", help_text="The record's id in its own resource.")
    title = serializers.CharField(help_text="The record's title in the language that matched.")
    title_html = serializers.CharField(source="title_marked", help_text="The title, HTML-escaped, matches in <mark>.")
    snippet = serializers.CharField(help_text="Where the text matched, HTML-escaped, matches in <mark>.")
    url = serializers.SerializerMethodField(help_text="The record's page in the portal.")
    file_url = serializers.SerializerMethodField(help_text="The matching language version's file, when a document.")
    rank = serializers.FloatField(help_text="Relevance: higher is better (title matches weigh most).")

    class Meta:
        model = SearchEntry
        fields = (
            "type",
            "type_label",
            "id",
            "title",
            "title_html",
            "snippet",
            "context",
            "language",
            "body",
            "year",
            "url",
            "file_url",
            "rank",
        )

    def get_type_label(self, entry) -> str:
        return capfirst(entry.kind_label)

    def _absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request and path else path

    def get_url(self, entry) -> str:
        return self._absolute(entry.url)

    def get_file_url(self, entry) -> str:
        return self._absolute(entry.file_url)
