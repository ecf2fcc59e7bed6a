"""The pages people use, in a real browser."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_leads_to_the_jurisdiction_check(live_server, page, screenshot):
    page.goto(live_server.url + "/")
    screenshot("home")
    page.click("text=Jurisdiction check")
    page.fill("#id_date", "2024-05-20")
    page.select_option("#id_trigger", "proprio_motu")
    page.select_option("#id_crime", "war_crime")
    page.select_option("#id_territory", "PS")
    page.select_option("#id_nationality", "IL")
    page.click("button[type=submit]")
    page.wait_for_selector("#verdict")
    screenshot("answer")
    assert page.inner_text("#verdict") == "yes"
    assert "12(2)(a)" in page.inner_text("body")
    assert page.locator("#steps li").count() >= 3


def test_a_bad_date_is_shown_on_its_field(live_server, page, screenshot):
    page.goto(live_server.url + "/jurisdiction/?date=2024-13-45&trigger=proprio_motu&crime=war_crime")
    screenshot("error")
    assert page.locator(".errorlist").count() >= 1
    assert page.locator("#verdict").count() == 0
