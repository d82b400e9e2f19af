import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_indonesian_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "Masuk" in html


def test_english_lives_under_en(client):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html


def test_the_language_of_one_request_does_not_leak_into_the_next(client):
    assert '<html lang="en">' in client.get("/en/").content.decode()
    assert '<html lang="id">' in client.get("/").content.decode()
    assert '<html lang="id">' in client.get("/akun/masuk/").content.decode()
