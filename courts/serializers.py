from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.api.links import IdentityLinkField
from core.api.serializers import ModelSerializer, SourcedSerializer, ValidatedModelSerializer
from core.models import Actor, State
from courts.jurisdiction import Crime, Trigger, Verdict
from courts.models import Charge, Court, CourtAction, Referral, Treaty, TreatyAction


class TreatySerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="treaty-detail", lookup_field="slug")
    parties_url = IdentityLinkField(view_name="treaty-parties", lookup_field="slug")

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
    url = IdentityLinkField(view_name="treaty-action-detail")
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
    url = IdentityLinkField(view_name="court-detail", lookup_field="slug")
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
    url = IdentityLinkField(view_name="charge-detail")
    court_action = serializers.PrimaryKeyRelatedField(queryset=CourtAction.objects.all(), help_text="Court action id.")

    class Meta:
        model = Charge
        fields = ["url", "id", "court_action", "category", "crime", "article", "mode_of_liability"]


class ChargeBriefSerializer(ModelSerializer):
    class Meta:
        model = Charge
        fields = ["category", "crime", "article", "mode_of_liability"]


class CourtActionSerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="court-action-detail")
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


class ReferralSerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="referral-detail")
    court = serializers.SlugRelatedField(slug_field="slug", queryset=Court.objects.all(), help_text="Court slug.")
    referring_state = serializers.SlugRelatedField(
        slug_field="code", queryset=State.objects.all(), required=False, allow_null=True, help_text="ISO code."
    )
    territory = serializers.SlugRelatedField(slug_field="code", queryset=State.objects.all(), help_text="ISO code.")

    class Meta:
        model = Referral
        fields = [
            "url",
            "id",
            "court",
            "referred_by",
            "referring_state",
            "situation",
            "territory",
            "resolution",
            "date",
            "period_start",
            "period_end",
            "sources",
            "citations",
            "notes",
        ]


class JurisdictionQuerySerializer(serializers.Serializer):
    """The question: when, where, by whom, what, and how the court was seized."""

    date = serializers.DateField(help_text="Date of the conduct (YYYY-MM-DD).")
    trigger = serializers.ChoiceField(choices=Trigger.choices, help_text="How the court is seized (art. 13).")
    crime = serializers.ChoiceField(choices=Crime.choices, help_text="Category of crime (arts. 5-8 bis).")
    territory = serializers.SlugRelatedField(
        slug_field="code",
        queryset=State.objects.all(),
        required=False,
        help_text="ISO code of the State where the conduct occurred; omit if unknown.",
    )
    nationality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=State.objects.all(),
        required=False,
        help_text="ISO code of the accused's State of nationality; omit if unknown.",
    )
    age = serializers.IntegerField(
        required=False, min_value=0, max_value=130, help_text="Age of the accused at the time, if known (art. 26)."
    )


class BasisSerializer(serializers.Serializer):
    article = serializers.CharField(help_text="Article of the founding treaty applied.")
    holds = serializers.BooleanField(help_text="True if the record supports jurisdiction, false if it rules it out.")
    state = serializers.SerializerMethodField(help_text="ISO code of the State concerned, if any.")
    record = serializers.SerializerMethodField(help_text="The record relied on: type, id, label and API address.")
    sources = serializers.ListField(child=serializers.CharField(), help_text="Keys of the record's sources.")

    def get_state(self, basis) -> str | None:
        return basis.state.code if basis.state else None

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "id": {"type": "integer"},
                "label": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
            },
        }
    )
    def get_record(self, basis):
        record = basis.record
        view = RECORD_VIEWS[type(record)]
        key = getattr(record, view[1]) if view[1] else record.pk
        url = reverse(f"{view[0]}-detail", args=[key], request=self.context.get("request"))
        return {"type": record._meta.model_name, "id": record.pk, "label": str(record), "url": url}


class AssessmentSerializer(serializers.Serializer):
    court = serializers.CharField(source="court.slug", read_only=True, help_text="Court slug.")
    verdict = serializers.ChoiceField(choices=Verdict.choices, help_text="yes, no or undetermined.")
    question = serializers.SerializerMethodField()
    bases = BasisSerializer(many=True, help_text="Every record the verdict relies on.")
    steps = serializers.ListField(child=serializers.CharField(), help_text="The reasoning, step by step.")

    @extend_schema_field(JurisdictionQuerySerializer)
    def get_question(self, assessment):
        question = assessment.question
        return {
            "date": question.date,
            "trigger": question.trigger,
            "crime": question.crime,
            "territory": question.territory.code if question.territory else None,
            "nationality": question.nationality.code if question.nationality else None,
            "age": question.age,
        }


# The API view and lookup field for each kind of record a basis may cite.
RECORD_VIEWS = {Treaty: ("treaty", "slug"), TreatyAction: ("treaty-action", None), Referral: ("referral", None)}


class StatusPeriodSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TreatyAction.Status.choices)
    start = serializers.DateField(help_text="First day of this status.")
    end = serializers.DateField(allow_null=True, help_text="Last day of this status; null while it lasts.")


class StateTreatySerializer(serializers.Serializer):
    treaty = serializers.CharField(help_text="Treaty slug.")
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=TreatyAction.Status.choices, help_text="Status on as_of.")
    periods = StatusPeriodSerializer(many=True, help_text="Every status the State has had, oldest first.")
    actions = TreatyActionSerializer(many=True, help_text="The acts the statuses derive from.")
