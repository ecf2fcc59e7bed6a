"""Create the local admin account once; later runs leave it as it is."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a superuser for local use if none with that name exists. The name comes from "
        "DJANGO_ADMIN_USERNAME (default 'admin'), the password from DJANGO_ADMIN_PASSWORD, or is "
        "generated and printed once."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_ADMIN_USERNAME", "admin")
        users = get_user_model().objects
        if users.filter(username=username).exists():
            self.stdout.write(f"Admin account '{username}' already exists; left unchanged.")
            return
        password = os.environ.get("DJANGO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        users.create_superuser(username=username, email="", password=password)
        shown = "(from DJANGO_ADMIN_PASSWORD)" if os.environ.get("DJANGO_ADMIN_PASSWORD") else password
        self.stdout.write(
            self.style.SUCCESS(f"Created admin account '{username}' with password {shown}. It is shown only once.")
        )
