"""The login lockout counts failures per account and per real client address."""

import pytest

from accounts.factories import PASSWORD, EditorFactory, TraineeFactory
from accounts.lockout import login_key

pytestmark = pytest.mark.django_db
LOGIN = "/akun/masuk/"
BALANCER = "10.0.0.2"


def _login(client, username, password=PASSWORD, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def _behind_balancer(forwarded_for):
    return {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": forwarded_for}


def test_spellings_of_one_email_share_one_lockout(client):
    TraineeFactory(email="dewi@example.org")
    spellings = [
        "dewi@example.org",
        "Dewi@example.org",
        "DEWI@EXAMPLE.ORG",
        "dewi@Example.org",
        " dewi@example.ORG",
        "dEwI@eXaMpLe.OrG",
    ]
    for spelling in spellings:
        for _attempt in range(4):  # under the limit of five for each spelling
            _login(client, spelling, "salah")
    response = _login(client, "dewi@example.org")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_email_and_the_username_of_one_account_share_one_lockout(client):
    user = TraineeFactory(email="ayu@example.org")
    for login in ["ayu@example.org", user.username, "AYU@example.org", user.username]:
        _login(client, login, "salah")
    _login(client, "Ayu@Example.Org", "salah")
    assert _login(client, user.username).status_code == 429


def test_logins_without_an_account_share_one_key_whatever_the_case():
    assert login_key("Nobody@Example.org") == login_key(" nobody@example.ORG ")
    assert login_key("nobody@example.org") == "nobody@example.org"


def test_forwarded_addresses_are_ignored_without_a_trusted_proxy(client):
    user = TraineeFactory()
    for attempt in range(5):
        _login(client, user.username, "salah", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    response = _login(client, user.username, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


def test_clients_behind_a_trusted_proxy_are_counted_apart(client, settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    user = TraineeFactory()
    for _attempt in range(5):
        _login(client, user.username, "salah", **_behind_balancer("198.51.100.7"))
    locked = _login(client, user.username, **_behind_balancer("198.51.100.7"))
    assert locked.status_code == 429
    other = _login(client, user.username, **_behind_balancer("203.0.113.9"))
    assert other.status_code == 302


def test_behind_a_trusted_proxy_a_forged_forwarded_address_does_not_escape(client, settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    user = TraineeFactory()
    for attempt in range(5):
        # The client sends its own X-Forwarded-For; the balancer appends the real address.
        forged = f"192.0.2.{attempt}, 198.51.100.7"
        _login(client, user.username, "salah", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=forged)
    response = _login(
        client,
        user.username,
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR="192.0.2.200, 198.51.100.7",
    )
    assert response.status_code == 429


def test_the_admin_login_shares_the_lockout_of_the_account(client):
    editor = EditorFactory(email="editor@example.org")
    for spelling in ["editor@example.org", "Editor@example.org", "EDITOR@example.org"]:
        _login(client, spelling, "salah")
    for spelling in ["editor@Example.org", editor.username]:
        client.post("/admin/login/", {"username": spelling, "password": "salah"})
    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
