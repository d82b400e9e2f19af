import pytest
from django.urls import reverse

from accounts.factories import PASSWORD, EditorFactory, FacilitatorFactory, TraineeFactory

pytestmark = pytest.mark.django_db
LOGIN = "/akun/masuk/"


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_with_username_goes_to_the_trainee_home(client):
    user = TraineeFactory()
    response = _login(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my-home")


def test_login_with_email_ignores_case(client):
    TraineeFactory(email="dewi@example.org")
    assert _login(client, "Dewi@Example.org").status_code == 302


def test_wrong_password_is_explained_in_indonesian(client):
    user = TraineeFactory()
    response = _login(client, user.username, "salah")
    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()


def test_failed_logins_are_throttled_after_five_attempts(client):
    user = TraineeFactory()
    for _attempt in range(5):
        _login(client, user.username, "salah")
    response = _login(client, user.username)  # the right password, too late
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_accounts_without_password_cannot_log_in(client):
    user = TraineeFactory(password=None)
    assert not user.has_usable_password()
    assert _login(client, user.username, "").status_code == 200


def test_password_change_validates_the_new_password(client):
    user = TraineeFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Gelombang-Tiga-2025",
            "new_password2": "Gelombang-Tiga-2025",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Gelombang-Tiga-2025")


def test_logout_is_a_post(client):
    client.force_login(TraineeFactory())
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


ADMIN_PASSWORD_RESET = "/admin/password_reset/"


def test_admin_password_reset_sends_nothing_for_a_trainee(client, mailoutbox):
    TraineeFactory(email="trainee@example.org")
    response = client.post(ADMIN_PASSWORD_RESET, {"email": "trainee@example.org"})
    assert response.status_code == 302  # the same answer as for any address: nothing revealed
    assert mailoutbox == []


def test_admin_password_reset_sends_nothing_for_a_facilitator(client, mailoutbox):
    FacilitatorFactory(email="fasilitator@example.org")
    client.post(ADMIN_PASSWORD_RESET, {"email": "fasilitator@example.org"})
    assert mailoutbox == []


def test_admin_password_reset_mails_an_editor(client, mailoutbox):
    EditorFactory(email="editor@example.org")
    response = client.post(ADMIN_PASSWORD_RESET, {"email": "editor@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["editor@example.org"]]
