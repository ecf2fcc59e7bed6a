from rest_framework import serializers

from core.api.serializers import SourcedSerializer, ValidatedModelSerializer
from core.models import Actor, State
from courts.models import Charge, Court, CourtAction, Treaty, TreatyAction


class TreatySerializer(SourcedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="treaty-detail", lookup_field="slug")
    parties_url = serializers.HyperlinkedIdentityField(view_name="treaty-parties", lookup_field="slug")

    class Meta:
        model = Treaty
        fields = [
            "url",
            "slug",
            "title",
            "short_title",
            "adopted_on",
            "adopted_at",
            "entered_into_force_on",
            "depositary",
            "registration_number",
            "treaty_series",
            "parties_url",
            "sources",
            "citations",
            "notes",
        ]


class TreatyActionSerializer(SourcedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="treaty-action-detail")
    treaty = serializers.SlugRelatedField(slug_field="slug", queryset=Treaty.objects.all(), help_text="Treaty slug.")
    state = serializers.SlugRelatedField(slug_field="code", queryset=State.objects.all(), help_text="ISO code.")

    class Meta:
        model = TreatyAction
        fields = [
            "url",
            "id",
            "treaty",
            "state",
            "action_type",
            "date",
            "date_precision",
            "effective_date",
            "period_start",
            "period_end",
            "article",
            "description",
            "sources",
            "citations",
            "notes",
        ]


class PartiesQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="Date (YYYY-MM-DD); today when omitted.")


class CourtSerializer(SourcedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="court-detail", lookup_field="slug")
    seat_state = serializers.SlugRelatedField(slug_field="code", queryset=State.objects.all(), help_text="ISO code.")
    founding_treaty = serializers.SlugRelatedField(
        slug_field="slug", queryset=Treaty.objects.all(), required=False, allow_null=True, help_text="Treaty slug."
    )

    class Meta:
        model = Court
        fields = [
            "url",
            "slug",
            "name",
            "abbreviation",
            "kind",
            "seat_city",
            "seat_state",
            "founding_treaty",
            "established_on",
            "is_permanent",
            "jurisdiction_summary",
            "enforcement_notes",
            "sources",
            "citations",
            "notes",
        ]


class ChargeSerializer(ValidatedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="charge-detail")
    court_action = serializers.PrimaryKeyRelatedField(queryset=CourtAction.objects.all(), help_text="Court action id.")

    class Meta:
        model = Charge
        fields = ["url", "id", "court_action", "category", "crime", "article", "mode_of_liability"]


class ChargeBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Charge
        fields = ["category", "crime", "article", "mode_of_liability"]


class CourtActionSerializer(SourcedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="court-action-detail")
    court = serializers.SlugRelatedField(slug_field="slug", queryset=Court.objects.all(), help_text="Court slug.")
    subject = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all(), help_text="Actor slug.")
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    charges = ChargeBriefSerializer(many=True, read_only=True)

    class Meta:
        model = CourtAction
        fields = [
            "url",
            "id",
            "court",
            "kind",
            "subject",
            "subject_name",
            "date",
            "chamber",
            "situation",
            "reference",
            "conduct_from",
            "conduct_until",
            "status",
            "status_date",
            "charges",
            "sources",
            "citations",
            "notes",
        ]
