import datetime

from rest_framework import serializers
from rest_framework.reverse import reverse

from core.api.links import IdentityLinkField
from core.api.serializers import ModelSerializer, SourcedSerializer, ValidatedModelSerializer
from core.models import Actor, DatePrecision, State
from core.serializers import AddressBriefSerializer, AliasBriefSerializer, IdentityDocumentBriefSerializer
from sanctions.models import (
    Bill,
    BillAction,
    Designation,
    InstrumentRelation,
    LegalInstrument,
    Measure,
    SanctionProgram,
    SanctionTarget,
)


def measures_field():
    return serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Measure.objects.all(), required=False, help_text="Measure slugs."
    )


class MeasureSerializer(ValidatedModelSerializer):
    url = IdentityLinkField(view_name="measure-detail", lookup_field="slug")

    class Meta:
        model = Measure
        fields = ["url", "slug", "name", "description"]


class RelationOutSerializer(ModelSerializer):
    """How this instrument acts on another."""

    instrument = serializers.SlugRelatedField(source="target", slug_field="slug", read_only=True)
    title = serializers.CharField(source="target.__str__", read_only=True)

    class Meta:
        model = InstrumentRelation
        fields = ["relation_type", "instrument", "title", "effective_date"]


class RelationInSerializer(ModelSerializer):
    """How another instrument acts on this one."""

    instrument = serializers.SlugRelatedField(source="source", slug_field="slug", read_only=True)
    title = serializers.CharField(source="source.__str__", read_only=True)

    class Meta:
        model = InstrumentRelation
        fields = ["relation_type", "instrument", "title", "effective_date"]


class LegalInstrumentSerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="instrument-detail", lookup_field="slug")
    jurisdiction = serializers.SlugRelatedField(
        slug_field="code", queryset=State.objects.all(), required=False, allow_null=True, help_text="ISO code."
    )
    issued_by = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), required=False, allow_null=True, help_text="Actor slug."
    )
    authorities = serializers.SlugRelatedField(
        many=True,
        slug_field="slug",
        queryset=LegalInstrument.objects.all(),
        required=False,
        help_text="Slugs of the instruments cited as legal authority.",
    )
    measures = measures_field()
    address = serializers.URLField(source="url", required=False, allow_blank=True, help_text="Official text.")
    acts_on = RelationOutSerializer(source="outgoing_relations", many=True, read_only=True)
    acted_on_by = RelationInSerializer(source="incoming_relations", many=True, read_only=True)

    class Meta:
        model = LegalInstrument
        fields = [
            "url",
            "slug",
            "kind",
            "number",
            "title",
            "jurisdiction",
            "issued_by",
            "signing_date",
            "publication_date",
            "effective_date",
            "citation",
            "document_number",
            "authorities",
            "measures",
            "address",
            "acts_on",
            "acted_on_by",
            "sources",
            "citations",
            "notes",
        ]


class ExecutiveOrderSerializer(LegalInstrumentSerializer):
    """Instruments of kind executive order, addressed by number; the kind is implied by the endpoint."""

    url = IdentityLinkField(view_name="executive-order-detail", lookup_field="number")

    class Meta(LegalInstrumentSerializer.Meta):
        read_only_fields = ["kind"]

    def validate(self, attrs):
        return super().validate({**attrs, "kind": LegalInstrument.Kind.EXECUTIVE_ORDER})


class InstrumentRelationSerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="instrument-relation-detail")
    source = serializers.SlugRelatedField(
        slug_field="slug", queryset=LegalInstrument.objects.all(), help_text="Slug of the acting instrument."
    )
    target = serializers.SlugRelatedField(
        slug_field="slug", queryset=LegalInstrument.objects.all(), help_text="Slug of the instrument acted upon."
    )

    class Meta:
        model = InstrumentRelation
        fields = ["url", "id", "source", "relation_type", "target", "effective_date", "sources", "citations", "notes"]


class SanctionProgramSerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="program-detail", lookup_field="code")
    jurisdiction = serializers.SlugRelatedField(
        slug_field="code", queryset=State.objects.all(), required=False, allow_null=True, help_text="ISO code."
    )
    instruments = serializers.SlugRelatedField(
        many=True,
        slug_field="slug",
        queryset=LegalInstrument.objects.all(),
        required=False,
        help_text="Slugs of the instruments that establish the program.",
    )
    measures = measures_field()
    address = serializers.URLField(source="url", required=False, allow_blank=True, help_text="Official page.")

    class Meta:
        model = SanctionProgram
        fields = [
            "url",
            "code",
            "name",
            "authority",
            "jurisdiction",
            "instruments",
            "measures",
            "status",
            "started_on",
            "ended_on",
            "address",
            "sources",
            "citations",
            "notes",
        ]


class DesignationSerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="designation-detail")
    actor = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all(), help_text="Actor slug.")
    actor_name = serializers.CharField(source="actor.name", read_only=True)
    program = serializers.SlugRelatedField(
        slug_field="code", queryset=SanctionProgram.objects.all(), help_text="Program code."
    )
    measures = measures_field()

    class Meta:
        model = Designation
        fields = [
            "url",
            "id",
            "actor",
            "actor_name",
            "program",
            "listed_on",
            "effective_on",
            "delisted_on",
            "designated_by",
            "measures",
            "basis",
            "reference",
            "sources",
            "citations",
            "notes",
        ]


class DesignationBriefSerializer(ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    measures = serializers.SlugRelatedField(many=True, slug_field="slug", read_only=True)

    class Meta:
        model = Designation
        fields = ["id", "program", "listed_on", "effective_on", "delisted_on", "measures"]


class SanctionTargetSerializer(ModelSerializer):
    """Read-only view of an actor as a sanctions target; edit the actor and its designations instead."""

    url = IdentityLinkField(view_name="target-detail", lookup_field="slug")
    nationalities = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    aliases = AliasBriefSerializer(many=True, read_only=True)
    designations = DesignationBriefSerializer(many=True, read_only=True)
    addresses = AddressBriefSerializer(many=True, read_only=True)
    documents = IdentityDocumentBriefSerializer(many=True, read_only=True)
    # Declared so that the schema admits the blank precision of an actor without a birth date.
    birth_date_precision = serializers.ChoiceField(
        choices=DatePrecision.choices,
        allow_blank=True,
        read_only=True,
        help_text="How much of the birth date is known.",
    )
    gender = serializers.ChoiceField(
        choices=Actor.Gender.choices,
        allow_blank=True,
        read_only=True,
        help_text=Actor._meta.get_field("gender").help_text,
    )

    class Meta:
        model = SanctionTarget
        fields = [
            "url",
            "slug",
            "kind",
            "name",
            "nationalities",
            "birth_date",
            "birth_date_precision",
            "birth_place",
            "gender",
            "aliases",
            "designations",
            "addresses",
            "documents",
        ]
        read_only_fields = fields


class BillActionBriefSerializer(ModelSerializer):
    class Meta:
        model = BillAction
        fields = [
            "id",
            "chamber",
            "action_type",
            "date",
            "description",
            "roll_call",
            "yeas",
            "nays",
            "present",
            "not_voting",
        ]


class BillSerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="bill-detail")
    legislature = serializers.SlugRelatedField(slug_field="code", queryset=State.objects.all(), help_text="ISO code.")
    sponsor = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), required=False, allow_null=True, help_text="Actor slug."
    )
    address = serializers.URLField(source="url", required=False, allow_blank=True, help_text="Official bill page.")
    actions = BillActionBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Bill
        fields = [
            "url",
            "id",
            "legislature",
            "congress",
            "bill_type",
            "number",
            "title",
            "sponsor",
            "introduced_on",
            "address",
            "actions",
            "sources",
            "citations",
            "notes",
        ]


class BillActionSerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="bill-action-detail")
    bill = serializers.PrimaryKeyRelatedField(queryset=Bill.objects.all(), help_text="Bill id.")

    class Meta:
        model = BillAction
        fields = [
            "url",
            "id",
            "bill",
            "chamber",
            "action_type",
            "date",
            "description",
            "roll_call",
            "yeas",
            "nays",
            "present",
            "not_voting",
            "sources",
            "citations",
            "notes",
        ]


class LineageInstrumentSerializer(ModelSerializer):
    url = IdentityLinkField(view_name="instrument-detail", lookup_field="slug")
    programs = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    sources = serializers.SlugRelatedField(many=True, slug_field="key", read_only=True)

    class Meta:
        model = LegalInstrument
        fields = ["url", "slug", "kind", "number", "title", "signing_date", "effective_date", "programs", "sources"]


class LineageRelationSerializer(ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    target = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    date = serializers.SerializerMethodField(help_text="When the link took effect: its own date, else the signing.")

    class Meta:
        model = InstrumentRelation
        fields = ["id", "source", "relation_type", "target", "date"]

    def get_date(self, relation) -> datetime.date | None:
        return relation.effective_date or relation.source.signing_date


class LineageSerializer(serializers.Serializer):
    instrument = serializers.CharField(help_text="Slug of the instrument asked about.")
    instruments = LineageInstrumentSerializer(many=True, help_text="Every instrument in the chain, oldest first.")
    relations = LineageRelationSerializer(many=True, help_text="The links between them, in date order.")


BIRTH_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class MatchPropertiesSerializer(serializers.Serializer):
    """FollowTheMoney-style properties, each a list of strings as yente takes them."""

    name = serializers.ListField(
        child=serializers.CharField(max_length=300), min_length=1, max_length=20, help_text="Names to look for."
    )
    alias = serializers.ListField(child=serializers.CharField(max_length=300), required=False, max_length=50)
    birthDate = serializers.ListField(  # noqa: N815 - the FollowTheMoney property name
        child=serializers.RegexField(BIRTH_DATE, max_length=10),
        required=False,
        max_length=5,
        help_text="YYYY, YYYY-MM or YYYY-MM-DD.",
    )
    nationality = serializers.ListField(
        child=serializers.RegexField(r"^[A-Za-z]{2}$"), required=False, max_length=10, help_text="ISO alpha-2 codes."
    )
    country = serializers.ListField(child=serializers.RegexField(r"^[A-Za-z]{2}$"), required=False, max_length=10)
    idNumber = serializers.ListField(  # noqa: N815 - the FollowTheMoney property name
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=10,
        help_text="Identifiers, compared with designation references (OFAC UID, UN reference...) and with the "
        "numbers of identity documents (passports, national, tax and registration numbers), however spaced.",
    )
    passportNumber = serializers.ListField(  # noqa: N815 - the FollowTheMoney property name
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=10,
        help_text="Passport numbers, compared with the numbers of passports only, however spaced.",
    )
    taxNumber = serializers.ListField(  # noqa: N815 - the FollowTheMoney property name
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=10,
        help_text="Tax numbers, compared with the numbers of tax documents only, however spaced.",
    )
    registrationNumber = serializers.ListField(  # noqa: N815 - the FollowTheMoney property name
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=10,
        help_text="Registration numbers, compared with the numbers of registrations only, however spaced.",
    )


class MatchQuerySerializer(serializers.Serializer):
    schema = serializers.ChoiceField(
        choices=["Person", "Organization", "Company", "LegalEntity", "PublicBody"], help_text="FollowTheMoney schema."
    )
    properties = MatchPropertiesSerializer()


class MatchRequestSerializer(serializers.Serializer):
    queries = serializers.DictField(
        child=MatchQuerySerializer(), help_text="Queries by a key of your choice; at most 100 in one request."
    )

    def validate_queries(self, value):
        if not value:
            raise serializers.ValidationError("Give at least one query.")
        if len(value) > 100:
            raise serializers.ValidationError("At most 100 queries per request.")
        return value


class MatchParamsSerializer(serializers.Serializer):
    threshold = serializers.FloatField(
        required=False, min_value=0, max_value=1, help_text="Score from which a result is a match (default 0.8)."
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, help_text="Results per query (5).")
    as_of = serializers.DateField(required=False, help_text="Only actors with a designation in effect on this date.")
    program = serializers.SlugRelatedField(
        slug_field="code",
        queryset=SanctionProgram.objects.all(),
        many=True,
        required=False,
        help_text="Only actors designated under these programs (repeatable).",
    )
    kind = serializers.ChoiceField(choices=Actor.Kind.choices, required=False, help_text="person or organisation.")


class MatchResultSerializer(serializers.Serializer):
    id = serializers.CharField(source="actor.slug")
    caption = serializers.CharField(source="actor.name")
    schema = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()
    match = serializers.BooleanField()
    features = serializers.DictField(source="comparison.features", help_text="Each feature compared and its result.")
    explanation = serializers.ListField(source="comparison.explanation", child=serializers.CharField())
    url = serializers.SerializerMethodField()
    designations = serializers.SerializerMethodField()

    def get_schema(self, result) -> str:
        return "Organization" if result["actor"].kind == Actor.Kind.ORGANISATION else "Person"

    def get_score(self, result) -> float:
        return round(result["comparison"].score, 4)

    def get_url(self, result) -> str:
        return reverse("actor-detail", args=[result["actor"].slug], request=self.context.get("request"))

    def get_designations(self, result) -> list[dict]:
        return [
            {"program": d.program.code, "listed_on": d.listed_on, "delisted_on": d.delisted_on}
            for d in result["actor"].designations.all()
        ]


class MatchResponseItemSerializer(serializers.Serializer):
    status = serializers.IntegerField(default=200)
    total = serializers.IntegerField(help_text="Candidates scored.")
    results = MatchResultSerializer(many=True)


class MatchResponseSerializer(serializers.Serializer):
    data_version = serializers.CharField(help_text="Change counter and time of the data the answer was computed on.")
    threshold = serializers.FloatField()
    limit = serializers.IntegerField()
    responses = serializers.DictField(child=MatchResponseItemSerializer())
