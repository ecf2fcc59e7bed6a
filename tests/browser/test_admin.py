"""The curator's workflows in the admin, in a real browser; a screenshot of each step in artifacts/screenshots/."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "curator-password"


@pytest.fixture
def curator(live_server, page, screenshot):
    """A curator logged in through the admin's login page."""
    from django.contrib.auth.models import User

    User.objects.create_superuser("curator", password=PASSWORD)
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    screenshot("login")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("curator")
    return page


@pytest.fixture
def source(transactional_db):
    from tests.factories import make_source

    return make_source(key="treasury-test-release", title="Treasury test release", publisher="U.S. Treasury")


def autocomplete(page, field, typed, option):
    """Pick ``option`` in a select2 autocomplete after typing ``typed`` (as a curator does).

    Typing waits until the open dropdown's search box has the focus: select2 focuses it a moment after
    the click, and keys typed before went nowhere (a rare timeout in CI, the list showing no match).
    """
    page.click(f".field-{field} .select2-selection")
    search = page.locator(".select2-container--open .select2-search__field")
    expect(search).to_be_focused()
    search.press_sequentially(typed)
    expect(search).to_have_value(typed)
    page.locator(".select2-container--open .select2-results__option", has_text=option).first.click()


def select_rows(page, *names):
    for name in names:
        page.locator("#result_list tr", has_text=name).locator("input.action-select").check()


def run_action(page, action):
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def test_find_an_actor_by_another_spelling(curator, live_server, screenshot):
    page = curator
    for spelling, found in [("Нетаньяху", "Benjamin Netanyahu"), ("Karim Kahn", "Karim A. A. Khan")]:
        page.goto(live_server.url + "/admin/core/actor/")
        page.fill("#searchbar", spelling)
        page.press("#searchbar", "Enter")
        expect(page.locator("#result_list")).to_contain_text(found)
        screenshot(f"search-{found.split()[-1].lower()}")
    page.click("#result_list tbody th a")
    expect(page.locator(".field-sources_cited")).to_contain_text("cited by")
    expect(page.locator("body")).to_contain_text("ICC-EO14203")
    screenshot("actor-at-a-glance")


def test_record_a_designation_with_its_source(curator, live_server, screenshot, source):
    from sanctions.models import Designation

    page = curator
    page.goto(live_server.url + "/admin/sanctions/designation/add/")
    autocomplete(page, "actor", "Нетаньяху", "Benjamin Netanyahu")
    autocomplete(page, "program", "ICC-EO14203", "ICC-EO14203")
    page.fill("#id_listed_on", "2026-03-01")
    page.fill("#id_designated_by", "Secretary of State")
    autocomplete(page, "sources", "Treasury test", "Treasury test release")
    screenshot("filled")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    screenshot("saved")
    designation = Designation.objects.get(actor__slug="benjamin-netanyahu", program__code="ICC-EO14203")
    assert list(designation.sources.values_list("key", flat=True)) == ["treasury-test-release"]


def test_an_invalid_date_order_is_explained_on_its_field(curator, live_server, screenshot):
    from sanctions.models import Designation

    page = curator
    designation = Designation.objects.get(actor__slug="fatou-bensouda")
    page.goto(f"{live_server.url}/admin/sanctions/designation/{designation.pk}/change/")
    page.fill("#id_delisted_on", "2019-01-01")
    page.click("input[name=_save]")
    error = page.locator(".field-delisted_on .errorlist")
    expect(error).to_contain_text("must be on or after the listing date (2020-09-02)")
    screenshot("error")
    designation.refresh_from_db()
    assert designation.delisted_on.isoformat() == "2021-04-02"


def test_edit_a_treaty_action_and_see_the_status_change(curator, live_server, screenshot):
    from courts.models import TreatyAction

    page = curator
    withdrawal = TreatyAction.objects.get(state__code="HU", action_type="withdrawal")
    page.goto(f"{live_server.url}/admin/courts/treatyaction/{withdrawal.pk}/change/")
    preview = page.locator("#treaty-action-preview")
    expect(preview).to_contain_text("On 2026-06-02: former party (withdrawn) (unchanged).")
    expect(page.locator(".field-status_today")).to_contain_text("former party (withdrawn)")
    screenshot("before")
    # Correct the effective date: the preview shows the status change before anything is saved.
    page.fill("#id_effective_date", "2099-06-02")
    page.press("#id_effective_date", "Tab")
    expect(preview).to_contain_text("former party (withdrawn) → party")
    screenshot("preview")
    withdrawal.refresh_from_db()
    assert withdrawal.effective_date.isoformat() == "2026-06-02"
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".field-status_today .readonly")).to_have_text("party")
    screenshot("saved")
    withdrawal.refresh_from_db()
    assert withdrawal.effective_date.isoformat() == "2099-06-02"


def test_record_a_withdrawal_notification_with_its_suggested_effective_date(curator, live_server, screenshot):
    page = curator
    page.goto(live_server.url + "/admin/courts/treatyaction/add/")
    autocomplete(page, "treaty", "Rome", "Rome Statute")
    autocomplete(page, "state", "France", "France")
    page.select_option("#id_action_type", "withdrawal")
    page.fill("#id_date", "2030-01-10")
    page.press("#id_date", "Tab")
    preview = page.locator("#treaty-action-preview")
    expect(preview).to_contain_text("i.e. 2031-01-10")
    expect(preview).to_contain_text("On 2031-01-10: party → former party (withdrawn).")
    screenshot("preview")


def test_bulk_delist_designations(curator, live_server, screenshot, source):
    from sanctions.models import Designation

    page = curator
    page.goto(live_server.url + "/admin/sanctions/designation/?q=ICC-EO14203")
    select_rows(page, "Karim A. A. Khan", "Beti Hohler")
    screenshot("selected")
    run_action(page, "delist_designations")
    expect(page.locator("#delist-designations li")).to_have_count(2)
    page.fill("#id_delisted_on", "2026-02-01")
    autocomplete(page, "source", "Treasury test", "Treasury test release")
    screenshot("form")
    page.click("input[name=apply]")
    expect(page.locator(".messagelist .success")).to_contain_text("2 designation(s) marked delisted on 2026-02-01")
    screenshot("done")
    delisted = Designation.objects.filter(delisted_on="2026-02-01", sources__key="treasury-test-release")
    assert sorted(delisted.values_list("actor__slug", flat=True)) == ["beti-hohler", "karim-khan"]


def test_export_selected_rows_as_csv(curator, live_server, screenshot):
    page = curator
    page.goto(live_server.url + "/admin/sanctions/designation/?q=ICC-EO13928")
    select_rows(page, "Fatou Bensouda", "Phakiso Mochochoko")
    screenshot("selected")
    with page.expect_download() as download:
        run_action(page, "export_as_csv")
    assert download.value.suggested_filename == "designation.csv"
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert rows[0] == ["actor", "program", "listed on", "effective on", "delisted on"]
    assert sorted(row[0] for row in rows[1:]) == ["Fatou Bensouda", "Phakiso Mochochoko"]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[2]) for row in rows[1:])


def test_view_a_records_history_and_revert_it(curator, live_server, screenshot):
    from sanctions.models import Measure

    page = curator
    measure = Measure.objects.get(slug="asset-freeze")
    original = measure.name
    page.goto(f"{live_server.url}/admin/sanctions/measure/{measure.pk}/change/")
    page.fill("#id_name", "Freezing of assets")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(f"{live_server.url}/admin/sanctions/measure/{measure.pk}/history/")
    latest = page.locator("#change-history tbody tr").first
    expect(latest).to_contain_text("curator")
    expect(latest).to_contain_text("Freezing of assets")  # the field-level diff: new value beside the old
    expect(latest).to_contain_text(original)
    screenshot("history")

    # The version before the edit, opened from the history list, is saved back as it was.
    page.locator("#change-history tbody tr").nth(1).locator("a").first.click()
    expect(page.locator("#id_name")).to_have_value(original)
    screenshot("revert-form")
    page.click("input[type=submit]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    measure.refresh_from_db()
    assert measure.name == original


def test_a_save_over_someone_elses_change_is_refused(curator, live_server, screenshot):
    from sanctions.models import Measure

    page = curator
    measure = Measure.objects.get(slug="asset-freeze")
    page.goto(f"{live_server.url}/admin/sanctions/measure/{measure.pk}/change/")
    # Meanwhile another curator changes the description (any write path records history).
    measure.description = "Changed meanwhile."
    measure.save()
    page.fill("#id_name", "My new name")
    page.click("input[name=_save]")
    expect(page.locator(".errorlist.nonfield")).to_contain_text("changed by someone else")
    expect(page.locator("body")).to_contain_text("Changed meanwhile.")
    screenshot("conflict")
    measure.refresh_from_db()
    assert measure.name != "My new name"
