"""Backup and restore: a full dump loads back into an identical database (same dump, same ids, same
history, the name index rebuilt), replacing whatever was there, or changes nothing when it fails."""

import gzip
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from rest_framework.test import APIClient

from core import screening
from core.models import Actor, NameKey
from sanctions.models import Designation
from tests.factories import make_actor

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "sanctions" / "data"


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A restore recreates content types (flush); forget the cached ids when the test rolls back."""
    yield
    ContentType.objects.clear_cache()


def backup(path):
    call_command("backup", str(path), stdout=io.StringIO())
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


def restore(path):
    call_command("restore", str(path), interactive=False, verbosity=0)


def test_a_restored_backup_is_identical_to_the_database_it_came_from(tmp_path):
    # History of every kind: a user's API edit, an import, and a deleted record.
    editor = User.objects.create_superuser("editor", password="x")
    client = APIClient()
    client.force_authenticate(editor)
    assert client.patch("/api/actors/karim-khan/", {"description": "Edited."}, format="json").status_code == 200
    call_command("import_list", "un-xml", str(DATA / "un.xml"), "--no-progress", stdout=io.StringIO())
    gone = make_actor(slug="to-be-deleted", name="Deleted Person")
    gone_pk = gone.pk
    gone.delete()
    designation_ids = sorted(Designation.objects.values_list("pk", flat=True))
    keys = NameKey.objects.count()

    first = backup(tmp_path / "first.json.gz")
    make_actor(slug="added-after-the-backup", name="Added Later")
    restore(tmp_path / "first.json.gz")
    second = backup(tmp_path / "second.json.gz")

    assert second == first
    assert not Actor.objects.filter(slug="added-after-the-backup").exists()
    assert sorted(Designation.objects.values_list("pk", flat=True)) == designation_ids  # ids kept
    assert Actor.history.filter(id=gone_pk, history_type="-").exists()  # history of a deleted record
    karim = Actor.objects.get(slug="karim-khan")
    assert Actor.history.filter(id=karim.pk).latest("history_id").history_user.username == "editor"
    assert NameKey.objects.count() == keys  # the name index is rebuilt
    assert karim.pk in set(screening.search("Karim Khan", actors=Actor.objects.all()))
    assert User.objects.get(username="editor").check_password("x")


def test_an_uncompressed_backup_restores_too(tmp_path):
    first = backup(tmp_path / "db.json")
    restore(tmp_path / "db.json")
    assert backup(tmp_path / "again.json") == first


def test_a_broken_backup_leaves_the_database_as_it_was(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(backup(tmp_path / "db.json").decode()[:-5000])
    actors = Actor.objects.count()
    with pytest.raises(DeserializationError):
        restore(broken)
    assert Actor.objects.count() == actors
