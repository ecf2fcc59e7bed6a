"""The charts page in a real browser: the SVG charts render, with the withdrawals marked."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_charts_render_with_the_withdrawals_marked(live_server, page, screenshot):
    page.goto(live_server.url + "/")
    page.click("text=Charts")
    page.wait_for_selector("#parties svg")
    screenshot("charts")
    parties = page.locator("#parties svg")
    box = parties.bounding_box()
    assert box["width"] > 400 and box["height"] > 150, "the chart is drawn at a readable size"
    line = parties.locator("path.series")
    assert line.count() == 1
    assert line.evaluate("path => path.getTotalLength()") > 500, "the step line spans the chart"
    marks = parties.locator("g.mark")
    assert [marks.nth(i).get_attribute("data-date") for i in range(marks.count())] == [
        "2017-10-27",
        "2019-03-17",
        "2026-06-02",
    ]
    assert "Burundi withdraws" in parties.inner_html()
    assert page.locator("#withdrawals tr").count() == 4
    assert page.locator("#designations svg path.series").count() == 2
