from rest_framework import serializers

from core.api.links import IdentityLinkField
from core.api.serializers import ModelSerializer, SourcedSerializer, ValidatedModelSerializer
from core.models import Actor, Address, Alias, IdentityDocument, Position, Source, State


class StateSerializer(ValidatedModelSerializer):
    url = IdentityLinkField(view_name="state-detail", lookup_field="code")

    class Meta:
        model = State
        fields = ["url", "code", "alpha3", "name", "official_name"]


class SourceSerializer(ValidatedModelSerializer):
    url = IdentityLinkField(view_name="source-detail", lookup_field="key")
    address = serializers.URLField(
        source="url", required=False, allow_blank=True, max_length=500, help_text="Address of the document."
    )

    class Meta:
        model = Source
        fields = [
            "url",
            "key",
            "title",
            "publisher",
            "kind",
            "address",
            "published_on",
            "accessed_on",
            "quote",
            "locator",
        ]


class AliasBriefSerializer(ModelSerializer):
    class Meta:
        model = Alias
        fields = ["name", "kind", "script", "language"]


class AddressBriefSerializer(ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True, help_text="ISO code.")

    class Meta:
        model = Address
        fields = ["full", "street", "city", "postal_code", "region", "country", "note"]


class IdentityDocumentBriefSerializer(ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True, help_text="ISO code.")

    class Meta:
        model = IdentityDocument
        fields = ["kind", "type_as_written", "number", "country", "issued_on", "expires_on", "note"]


class PositionBriefSerializer(ModelSerializer):
    state = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Position
        fields = ["title", "institution", "state", "start_date", "end_date"]


class ActorSerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="actor-detail", lookup_field="slug")
    nationalities = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=State.objects.all(), required=False, help_text="ISO codes."
    )
    aliases = AliasBriefSerializer(many=True, read_only=True)
    positions = PositionBriefSerializer(many=True, read_only=True)
    addresses = AddressBriefSerializer(many=True, read_only=True)
    documents = IdentityDocumentBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Actor
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
            "description",
            "aliases",
            "positions",
            "sources",
            "citations",
            "notes",
            "addresses",
            "documents",
        ]


class AliasSerializer(ValidatedModelSerializer):
    url = IdentityLinkField(view_name="alias-detail")
    actor = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all(), help_text="Actor slug.")

    class Meta:
        model = Alias
        fields = ["url", "id", "actor", "name", "kind", "script", "language"]


class AddressSerializer(ValidatedModelSerializer):
    url = IdentityLinkField(view_name="address-detail")
    actor = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all(), help_text="Actor slug.")
    country = serializers.SlugRelatedField(
        slug_field="code", queryset=State.objects.all(), required=False, allow_null=True, help_text="ISO code."
    )

    class Meta:
        model = Address
        fields = ["url", "id", "actor", "full", "street", "city", "postal_code", "region", "country", "note"]


class IdentityDocumentSerializer(ValidatedModelSerializer):
    url = IdentityLinkField(view_name="identitydocument-detail")
    actor = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all(), help_text="Actor slug.")
    country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=State.objects.all(),
        required=False,
        allow_null=True,
        help_text="ISO code of the issuing State.",
    )

    class Meta:
        model = IdentityDocument
        fields = [
            "url",
            "id",
            "actor",
            "kind",
            "type_as_written",
            "number",
            "country",
            "issued_on",
            "expires_on",
            "note",
        ]


class PositionSerializer(SourcedSerializer):
    url = IdentityLinkField(view_name="position-detail")
    holder = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all(), help_text="Actor slug.")
    state = serializers.SlugRelatedField(
        slug_field="code", queryset=State.objects.all(), required=False, allow_null=True, help_text="ISO code."
    )

    class Meta:
        model = Position
        fields = [
            "url",
            "id",
            "holder",
            "title",
            "institution",
            "state",
            "start_date",
            "start_date_precision",
            "end_date",
            "end_date_precision",
            "sources",
            "citations",
            "notes",
        ]
