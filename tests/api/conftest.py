import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def editor(db):
    """A user allowed to add, change and delete every model of ours, authenticated by token."""
    user = User.objects.create_user("editor", password="not-used")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["core", "courts", "sanctions"]))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def reader(db):
    """An authenticated user without any model permission."""
    user = User.objects.create_user("reader", password="not-used")
    client = APIClient()
    client.force_authenticate(user)
    return client
