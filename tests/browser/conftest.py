"""A real browser (Debian's Chromium driven by Playwright) against the live test server."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the test thread; Django then refuses database access
# from it unless told that the thread is not really asynchronous (the documented pytest-playwright setting).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(autouse=True)
def committed_fixtures(transactional_db):
    """The live server reads through its own connection, so the data must be committed: load the fixtures
    at the start of each browser test (transactional tests end by emptying the database; pytest-django runs
    them after the other database tests)."""
    from django.core.management import call_command

    from tests.conftest import FIXTURES

    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is needed for the browser tests: install Debian's chromium ({CHROMIUM} is missing).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Save a screenshot of the current page as a test artefact (artifacts/screenshots/)."""

    def take(step):
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTEFACTS / f"{request.node.name}-{step}.png", full_page=True)

    return take
