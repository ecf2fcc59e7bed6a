from rest_framework import serializers
from rest_framework.reverse import reverse

from core.models import Actor, State
from courts.models import Court, Treaty
from sanctions.models import LegalInstrument, SanctionProgram
from timeline.events import KINDS


class TimelineQuerySerializer(serializers.Serializer):
    date__gte = serializers.DateField(required=False, help_text="Events on or after this date (YYYY-MM-DD).")
    date__lte = serializers.DateField(required=False, help_text="Events on or before this date (YYYY-MM-DD).")
    kind = serializers.MultipleChoiceField(
        choices=KINDS, required=False, help_text="Kinds of event; repeat or separate with commas."
    )
    state = serializers.SlugRelatedField(slug_field="code", queryset=State.objects.all(), required=False)
    actor = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all(), required=False)
    court = serializers.SlugRelatedField(slug_field="slug", queryset=Court.objects.all(), required=False)
    program = serializers.SlugRelatedField(slug_field="code", queryset=SanctionProgram.objects.all(), required=False)
    instrument = serializers.SlugRelatedField(slug_field="slug", queryset=LegalInstrument.objects.all(), required=False)
    treaty = serializers.SlugRelatedField(slug_field="slug", queryset=Treaty.objects.all(), required=False)

    def to_internal_value(self, data):
        data = data.copy()
        if "kind" in data:
            data.setlist("kind", [k for value in data.getlist("kind") for k in value.split(",") if k])
        return super().to_internal_value(data)


class EventSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=KINDS)
    description = serializers.CharField(help_text="What happened, in a sentence.")
    record = serializers.SerializerMethodField(help_text="The record the event derives from.")
    sources = serializers.SerializerMethodField(help_text="Keys of the record's sources.")

    def get_record(self, event) -> dict:
        record, (view, lookup) = event["record"], event["source"].view
        key = getattr(record, lookup) if lookup else record.pk
        url = reverse(f"{view}-detail", args=[key], request=self.context.get("request"))
        return {"type": record._meta.model_name, "id": record.pk, "label": str(record), "url": url}

    def get_sources(self, event) -> list[str]:
        return [source.key for source in event["record"].sources.all()]
