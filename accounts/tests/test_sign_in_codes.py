"""Bulk accounts with one-time sign-in codes, the printed sheet, a staff-issued new code, and
signing in with a code then choosing a kata sandi."""

import datetime
import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import codes, services
from accounts.constants import ParticipantKind
from accounts.factories import (
    PASSWORD,
    AdminFactory,
    EditorFactory,
    FacilitatorFactory,
    StaffFactory,
    TraineeFactory,
)
from accounts.models import SignInCode, User
from lms.models import AuditEvent
from organisations.factories import OrganisationFactory, province

pytestmark = pytest.mark.django_db
BULK = "participants:bulk_create"
CODE_LOGIN = "/akun/masuk-dengan-kode/"
SET_PASSWORD = "/akun/masuk-dengan-kode/kata-sandi/"
NEW_PASSWORD = "Koperasi-Baru-2026"  # noqa: S105
CODE_RE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}")


def _bulk(client, organisation, names, kind="inmate"):
    return client.post(
        reverse(BULK),
        {"organisation": organisation.pk, "participant_kind": kind, "names": "\n".join(names)},
    )


def _sheet_codes(html: str) -> dict[str, str]:
    """username -> code, read off the printed sheet."""
    pairs = re.findall(
        r'class="slip-username">([^<]+)</dd>\s*<dt>[^<]*</dt><dd class="slip-code">([^<]+)</dd>',
        html,
    )
    return dict(pairs)


# --- Codes ------------------------------------------------------------------------------


def test_a_code_is_short_typeable_and_only_its_keyed_hash_is_kept():
    code = codes.generate()
    assert CODE_RE.fullmatch(code)
    assert not set(code.replace("-", "")) & set("01OIL")
    assert codes.normalise(" k7qm 3xht ") == "K7QM3XHT"
    assert codes.digest(1, "k7qm-3xht") == codes.digest(1, "K7QM3XHT")
    assert codes.digest(1, code) != codes.digest(2, code)  # bound to the account


def test_bulk_creation_gives_each_account_a_code_and_no_password():
    staff = StaffFactory(scope_province=province("32"))
    unit = OrganisationFactory(province=province("32"))
    issued = services.participants_bulk_create(
        actor=staff,
        full_names=["Sutrisno", "Asep Saputra"],
        organisation=unit,
        participant_kind=ParticipantKind.INMATE,
    )
    assert [i.user.username for i in issued] == ["sutrisno", "asep.saputra"]
    for item in issued:
        item.user.refresh_from_db()
        assert not item.user.has_usable_password()
        stored = SignInCode.objects.get(user=item.user)
        assert stored.code_hash == codes.digest(item.user.pk, item.code)
        assert item.code not in stored.code_hash
        assert stored.expires_at > timezone.now() + datetime.timedelta(days=13)
    events = AuditEvent.objects.filter(action="user.create", province_code="32")
    assert events.count() == 2
    assert not any(item.code in str(e.after) for e in events for item in issued)


def test_bulk_creation_of_100_names_is_fast_and_its_queries_do_not_grow():
    staff = StaffFactory(scope_province=province("32"))
    unit = OrganisationFactory(province=province("32"))

    def run(n):
        names = [f"Peserta Uji {n} {i}" for i in range(n)]
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            services.participants_bulk_create(
                actor=staff, full_names=names, organisation=unit, participant_kind="inmate"
            )
            return len(queries), time.perf_counter() - started

    small, _ = run(5)
    large, seconds = run(100)
    print(f"\nparticipants_bulk_create: 100 names in {seconds * 1000:.0f} ms, {large} queries")  # noqa: T201 - the figure for the report
    # No query per name: SQLite splits a bulk insert of wide rows into a few batches (at most
    # 999 variables each), so a hundred names may add a batch or two, never a hundred queries.
    assert large <= small + 4
    # A production password hash takes about a second here: a hundred would take minutes.
    assert seconds < 1.0


def test_the_bulk_page_answers_100_names_fast(client):
    staff = StaffFactory(scope_province=province("32"))
    unit = OrganisationFactory(province=province("32"))
    client.force_login(staff)
    started = time.perf_counter()
    response = _bulk(client, unit, [f"Warga Binaan {i}" for i in range(100)])
    seconds = time.perf_counter() - started
    print(f"\nPOST {reverse(BULK)} with 100 names: {seconds * 1000:.0f} ms")  # noqa: T201 - the figure for the report
    assert response.status_code == 200
    assert len(_sheet_codes(response.content.decode())) == 100
    assert "no-store" in response["Cache-Control"]
    assert seconds < 5


# --- The bulk page, for every role ------------------------------------------------------


def test_the_participants_list_links_to_bulk_creation(client):
    client.force_login(StaffFactory(scope_province=province("32")))
    html = client.get(reverse("participants:index")).content.decode()
    assert reverse(BULK) in html


def test_the_bulk_page_loads_the_chooser_script(client):
    client.force_login(StaffFactory(scope_province=province("32")))
    html = client.get(reverse(BULK)).content.decode()
    assert "wagtailadmin/js/chooser-widget.js" in html
    assert html.index("chooser-widget.js") < html.index("new Chooser(")


def test_staff_bulk_create_and_get_the_print_sheet_once(client):
    staff = StaffFactory(scope_province=province("32"))
    unit = OrganisationFactory(name="Koperasi WB Lapas Garut", province=province("32"))
    client.force_login(staff)
    response = _bulk(client, unit, ["Sutrisno", "Asep Saputra", ""])
    html = response.content.decode()
    sheet = _sheet_codes(html)
    assert set(sheet) == {"sutrisno", "asep.saputra"}
    assert all(CODE_RE.fullmatch(code) for code in sheet.values())
    assert "Koperasi WB Lapas Garut" in html and "/akun/masuk-dengan-kode/" in html
    assert "<script" not in html  # the sheet needs no script
    for username, code in sheet.items():
        assert services.sign_in_code_find(username, code) is not None
    # The participants list shows the accounts, never the codes.
    listing = client.get(reverse("participants:index")).content.decode()
    assert "asep.saputra" in listing and sheet["asep.saputra"] not in listing


def test_regional_staff_cannot_bulk_create_into_another_region(client):
    staff = StaffFactory(scope_province=province("32"))
    palu = OrganisationFactory(province=province("72"))
    client.force_login(staff)
    users, codes_before = User.objects.count(), SignInCode.objects.count()
    response = _bulk(client, palu, ["Rusdi"])
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert User.objects.count() == users and SignInCode.objects.count() == codes_before
    assert not AuditEvent.objects.filter(action="user.create", actor=staff).exists()


@pytest.mark.parametrize("factory", [TraineeFactory, FacilitatorFactory, EditorFactory])
def test_other_roles_cannot_bulk_create(client, factory):
    unit = OrganisationFactory()
    client.force_login(factory())
    users = User.objects.count()
    assert client.get(reverse(BULK)).status_code in (302, 403)
    response = _bulk(client, unit, ["Rusdi"])
    assert response.status_code in (302, 403)
    assert User.objects.count() == users


def test_administrators_bulk_create_anywhere(client):
    client.force_login(AdminFactory())
    response = _bulk(client, OrganisationFactory(province=province("72")), ["Rusdi"])
    assert _sheet_codes(response.content.decode()).keys() == {"rusdi"}


# --- A new code for one participant ---------------------------------------------------


def test_staff_issue_a_new_code_which_replaces_the_unused_one(client):
    staff = StaffFactory(scope_province=province("32"))
    unit = OrganisationFactory(province=province("32"))
    first = services.participants_bulk_create(
        actor=staff, full_names=["Sutrisno"], organisation=unit, participant_kind="inmate"
    )[0]
    participant = first.user
    client.force_login(staff)
    url = reverse("participants:code_issue", args=[participant.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Sutrisno" in confirm.content.decode()
    assert SignInCode.objects.filter(user=participant).count() == 1  # GET changes nothing
    response = client.post(url)
    sheet = _sheet_codes(response.content.decode())
    new_code = sheet["sutrisno"]
    assert services.sign_in_code_find("sutrisno", first.code) is None
    assert services.sign_in_code_find("sutrisno", new_code) is not None
    event = AuditEvent.objects.get(action="user.code_issue")
    assert event.actor == staff and event.target_id == str(participant.pk)
    assert new_code not in str(event.after) and codes.normalise(new_code) not in str(event.after)


def test_the_participant_page_offers_a_new_code(client):
    staff = StaffFactory(scope_province=province("32"))
    participant = TraineeFactory(organisation=OrganisationFactory(province=province("32")))
    client.force_login(staff)
    html = client.get(reverse("participants:edit", args=[participant.pk])).content.decode()
    assert reverse("participants:code_issue", args=[participant.pk]) in html


def test_staff_cannot_issue_a_code_for_another_regions_participant(client):
    staff = StaffFactory(scope_province=province("32"))
    participant = TraineeFactory(organisation=OrganisationFactory(province=province("72")))
    client.force_login(staff)
    url = reverse("participants:code_issue", args=[participant.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not SignInCode.objects.filter(user=participant).exists()
    assert not AuditEvent.objects.filter(action="user.code_issue").exists()


def test_organisation_scoped_staff_see_but_cannot_issue_outside_their_unit(client):
    parent = OrganisationFactory(province=province("32"))
    own = OrganisationFactory(province=province("32"), parent=parent)
    staff = StaffFactory(scope_organisation=own)
    outside = TraineeFactory(organisation=OrganisationFactory(province=province("32")))
    client.force_login(staff)
    response = client.post(reverse("participants:code_issue", args=[outside.pk]))
    assert response.status_code in (403, 404)
    assert not SignInCode.objects.filter(user=outside).exists()


@pytest.mark.parametrize("factory", [TraineeFactory, FacilitatorFactory, EditorFactory])
def test_other_roles_cannot_issue_codes(client, factory):
    participant = TraineeFactory()
    client.force_login(factory())
    response = client.post(reverse("participants:code_issue", args=[participant.pk]))
    assert response.status_code in (302, 403, 404)
    assert not SignInCode.objects.filter(user=participant).exists()


def test_a_malformed_participant_id_is_a_404(client):
    client.force_login(StaffFactory())
    assert client.post("/admin/participants/code/abc/").status_code == 404


# --- Signing in with a code ---------------------------------------------------------------


def _issued(name="Sutrisno"):
    staff = StaffFactory()
    return services.participants_bulk_create(
        actor=staff,
        full_names=[name],
        organisation=OrganisationFactory(),
        participant_kind="inmate",
    )[0]


def test_a_participant_signs_in_with_a_code_and_must_set_a_kata_sandi(client):
    item = _issued()
    response = client.post(
        CODE_LOGIN, {"username": item.user.username, "sign_in_code": item.code.lower()}
    )
    assert response.status_code == 302 and response["Location"] == SET_PASSWORD
    assert "_auth_user_id" not in client.session  # not signed in before choosing one
    page = client.get(SET_PASSWORD)
    assert item.user.username in page.content.decode()
    response = client.post(
        SET_PASSWORD, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:my-home")
    assert client.session["_auth_user_id"] == str(item.user.pk)
    item.user.refresh_from_db()
    assert item.user.check_password(NEW_PASSWORD)
    assert SignInCode.objects.get(user=item.user).used_at is not None
    event = AuditEvent.objects.get(action="user.code_redeem")
    assert event.actor == item.user and NEW_PASSWORD not in str(event.after)
    # Single use: the code no longer opens the account.
    client.logout()
    again = client.post(CODE_LOGIN, {"username": item.user.username, "sign_in_code": item.code})
    assert again.status_code == 200 and "_auth_user_id" not in client.session


def test_setting_a_kata_sandi_without_a_code_first_leads_back(client):
    response = client.get(SET_PASSWORD)
    assert response.status_code == 302 and response["Location"] == CODE_LOGIN


def test_a_weak_kata_sandi_is_refused_and_the_code_stays_unused(client):
    item = _issued()
    client.post(CODE_LOGIN, {"username": item.user.username, "sign_in_code": item.code})
    response = client.post(SET_PASSWORD, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200 and response.context["form"].errors
    assert SignInCode.objects.get(user=item.user).used_at is None
    item.user.refresh_from_db()
    assert not item.user.has_usable_password()


def test_an_expired_code_does_not_sign_in(client):
    item = _issued()
    SignInCode.objects.filter(user=item.user).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(CODE_LOGIN, {"username": item.user.username, "sign_in_code": item.code})
    assert response.status_code == 200 and "kedaluwarsa" in response.content.decode()


def test_a_code_for_another_account_does_not_sign_in(client):
    one, other = _issued("Sutrisno"), _issued("Rusdi")
    response = client.post(CODE_LOGIN, {"username": one.user.username, "sign_in_code": other.code})
    assert response.status_code == 200 and client.session.get("accounts_sign_in_code") is None


def test_guessing_codes_is_locked_out_like_the_password_login(client):
    item = _issued()
    for _attempt in range(5):
        client.post(CODE_LOGIN, {"username": item.user.username, "sign_in_code": "AAAA-AAAA"})
    response = client.post(CODE_LOGIN, {"username": item.user.username, "sign_in_code": item.code})
    assert response.status_code == 429
    assert client.session.get("accounts_sign_in_code") is None


def test_the_login_page_leads_to_the_code_login_and_the_reset(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert CODE_LOGIN in html and reverse("accounts:password_reset") in html
    assert "Lupa kata sandi" in html


# --- Lupa kata sandi -----------------------------------------------------------------------


def test_the_reset_page_does_not_tell_whether_an_account_exists(client, mailoutbox):
    TraineeFactory(email="dewi@example.org")
    known = client.post(reverse("accounts:password_reset"), {"email": "Dewi@example.org"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["dewi@example.org"]


def test_a_reset_link_sets_a_new_kata_sandi_with_an_audit_row(client, mailoutbox):
    user = TraineeFactory(email="dewi@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "dewi@example.org"})
    link = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="user.password_reset", actor=user).count() == 1


def test_changing_the_kata_sandi_keeps_the_session_and_is_audited(client):
    user = TraineeFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:password_change")).status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="user.password_change", actor=user).count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/akun/masuk/",
        "/akun/masuk-dengan-kode/",
        "/akun/lupa-kata-sandi/",
        "/akun/lupa-kata-sandi/terkirim/",
    ],
)
def test_account_pages_say_kata_sandi_and_nothing_else(client, url):
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"(?<![Kk]ata )\b[Ss]andi\b", text), url
    assert "Kata Kunci" not in text and "kata kunci" not in text.lower()


def test_the_password_change_page_says_kata_sandi(client):
    client.force_login(TraineeFactory())
    html = client.get(reverse("accounts:password_change")).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"(?<![Kk]ata )\b[Ss]andi\b", text)
