"""The site and Wagtail's admin work under our Content-Security-Policy: Chromium reports no
violation on a trainee's home, the admin login, a page editor (with its live preview) and a
model viewset's edit view (with its choosers and inline rows)."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from accounts.factories import PASSWORD, AdminFactory, TraineeFactory
from programmes.factories import WaveFactory, enrol

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The browser's own report of every violation, whether or not it reaches the console.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        event.violatedDirective + " " + event.blockedURI + " " + event.sourceFile + ":" +
        event.lineNumber
    );
});
"""


def _home_url():
    """Where a signed-in user lands, in the site's first language whatever a test left active."""
    with translation.override(settings.LANGUAGE_CODE):
        return resolve_url(settings.LOGIN_REDIRECT_URL)


def _violations(page, console):
    recorded = page.evaluate("window.__cspViolations || []")
    return recorded + [text for text in console if "Content Security Policy" in text]


def test_the_admin_runs_under_the_content_security_policy(page, live_server):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    admin = AdminFactory()
    wave = WaveFactory()
    home = Page.objects.filter(depth=2).first()

    page.goto(f"{live_server.url}/admin/login/")
    assert page.locator("input[name=username]").is_visible()
    assert _violations(page, console) == []
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/admin/"
    assert _violations(page, console) == []

    page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:edit', args=[home.pk])}")
    page.wait_for_load_state("networkidle")
    assert page.locator("form#page-edit-form").count() == 1
    page.locator("[data-side-panel-toggle='preview']").click()
    page.wait_for_selector("iframe.w-preview__iframe", state="attached")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # the preview iframe renders after a debounce
    preview = page.frame_locator("iframe.w-preview__iframe").last
    assert preview.locator("body").count() == 1
    assert _violations(page, console) == [], (page.url, _violations(page, console))

    page.goto(f"{live_server.url}{reverse('waves:edit', args=[wave.pk])}")
    page.wait_for_load_state("networkidle")
    assert page.locator("main form").count() >= 1
    assert _violations(page, console) == [], (page.url, _violations(page, console))


def test_a_trainees_pages_run_under_the_strict_policy(page, live_server):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    trainee = TraineeFactory()
    enrol(WaveFactory(), trainee, actor=AdminFactory())
    login(page, live_server, trainee.username, PASSWORD)
    assert page.url == f"{live_server.url}{_home_url()}"
    assert _violations(page, console) == [], (page.url, _violations(page, console))
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("networkidle")
    assert _violations(page, console) == [], (page.url, _violations(page, console))
