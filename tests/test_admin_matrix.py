"""Every admin viewset × every role × {list, inspect, edit form, edit POST, delete POST, create},
on records inside and outside each scope: the answer each role gets, and that nothing changed
where it must not.

The world: Jawa Barat has a regional office (Kanwil) with a prison (Lapas Bandung) under it,
and a village cooperative outside that subtree; Sulawesi Tengah has a Kanwil and Lapas Palu.
A Jawa Barat board member attends the Sulawesi Tengah wave, so Jawa Barat's provincial staff
may SEE that wave and its programme, never change them. Staff scoped to the Kanwil Jawa Barat
see its subtree only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.test import TestCase
from django.urls import reverse

from accounts import services as account_services
from accounts.constants import ParticipantKind, Role
from courses import factories as course_factories
from courses import services as course_services
from lms.models import AuditEvent
from organisations.constants import OrganisationKind
from organisations.models import Organisation, Province
from programmes import services
from programmes.constants import EnrolmentStatus, ProgrammeKind

NAT, PROV, ORG, EDITOR, FAC, TRAINEE = (
    "national",
    "province",
    "organisation",
    "editor",
    "fac",
    "trainee",
)
ROLES = [NAT, PROV, ORG, EDITOR, FAC, TRAINEE]
STAFF = {NAT, PROV, ORG}

# The model permissions each role's groups carry, per viewset (accounts/courses migrations).
STAFF_PERMS = {
    "programmes": {"view", "add", "change"},
    "waves": {"view", "add", "change"},
    "enrolments": {"view", "add", "change"},
    "participants": {"view", "add", "change"},
    "organisations": {"view", "add", "change"},
    "provinces": {"view"},
    "audit": {"view"},
    "curriculum": {"view", "add", "change", "delete"},
}
EDITOR_PERMS = {"curriculum": {"view", "add", "change", "delete"}}
# Rows nobody changes in the admin, whatever their model permissions.
READ_ONLY = {"provinces", "audit"}


@dataclass
class Record:
    viewset: str
    obj: object
    marker: str  # text shown for the row in its list
    see: set = field(default_factory=set)
    change: set = field(default_factory=set)
    post: dict = field(default_factory=dict)  # a harmful edit to try


def _org(name, code, kind=OrganisationKind.VILLAGE_COOPERATIVE, parent=None):
    return Organisation.objects.create(
        name=name, kind=kind, province=Province.objects.get(code=code), parent=parent
    )


class AdminMatrixTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        admin = account_services.user_create(actor=None, full_name="Admin Pusat", role=Role.ADMIN)
        kemenkop = _org("Kementerian Koperasi Uji", "31", OrganisationKind.MINISTRY)
        kanwil_jabar = _org("Kanwil Jabar Uji", "32", OrganisationKind.REGIONAL_OFFICE)
        lapas_bdg = _org("Lapas Bandung Uji", "32", OrganisationKind.LAPAS, kanwil_jabar)
        coop_jabar = _org("Kopdes Sukamaju Uji", "32")
        kanwil_sulteng = _org("Kanwil Sulteng Uji", "72", OrganisationKind.REGIONAL_OFFICE)
        lapas_palu = _org("Lapas Palu Uji", "72", OrganisationKind.LAPAS, kanwil_sulteng)

        def trainee(name, organisation, kind=ParticipantKind.BOARD_MEMBER):
            return account_services.user_create(
                actor=admin,
                full_name=name,
                role=Role.TRAINEE,
                organisation=organisation,
                participant_kind=kind,
                password="kata-sandi-uji-123",  # noqa: S106
            )

        bdg_person = trainee("Ujang Lapas Bandung", lapas_bdg, ParticipantKind.INMATE)
        coop_person = trainee("Asep Koperasi Sukamaju", coop_jabar)
        palu_person = trainee("Rusdi Lapas Palu", lapas_palu, ParticipantKind.INMATE)

        p_jabar = services.programme_create(
            actor=admin, title="Bimtek Jabar Uji", kind=ProgrammeKind.BIMTEK, organiser=kanwil_jabar
        )
        p_sulteng = services.programme_create(
            actor=admin,
            title="Pendampingan Sulteng Uji",
            kind=ProgrammeKind.MENTORING,
            organiser=kanwil_sulteng,
        )
        start = datetime.date(2025, 11, 26)
        w_jabar = services.wave_create(
            actor=admin,
            programme=p_jabar,
            number=1,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=1),
            host_site=lapas_bdg,
            capacity=38,
        )
        w_sulteng = services.wave_create(
            actor=admin,
            programme=p_sulteng,
            number=1,
            starts_on=start + datetime.timedelta(days=10),
            ends_on=start + datetime.timedelta(days=12),
            host_site=lapas_palu,
            capacity=38,
        )
        active = EnrolmentStatus.ACTIVE
        e_bdg = services.enrolment_create(
            actor=admin, wave=w_jabar, participant=bdg_person, status=active
        )
        e_coop = services.enrolment_create(
            actor=admin, wave=w_sulteng, participant=coop_person, status=active
        )
        e_palu = services.enrolment_create(
            actor=admin, wave=w_sulteng, participant=palu_person, status=active
        )
        course = course_factories.course(title="Kursus Matriks", modules=1, lessons_per_module=1)
        c_jabar = course_services.curriculum_entry_create(
            actor=admin, programme=p_jabar, course=course
        )
        c_sulteng = course_services.curriculum_entry_create(
            actor=admin, programme=p_sulteng, course=course
        )
        audit_palu = AuditEvent.objects.get(action="enrolment.create", target_id=str(e_palu.pk))
        audit_bdg = AuditEvent.objects.get(action="enrolment.create", target_id=str(e_bdg.pk))

        cls.users = {
            NAT: account_services.user_create(
                actor=admin, full_name="Staf Nasional", role=Role.STAFF
            ),
            PROV: account_services.user_create(
                actor=admin,
                full_name="Staf Jabar",
                role=Role.STAFF,
                scope_province=Province.objects.get(code="32"),
            ),
            ORG: account_services.user_create(
                actor=admin,
                full_name="Staf Kanwil Jabar",
                role=Role.STAFF,
                scope_organisation=kanwil_jabar,
            ),
            EDITOR: account_services.user_create(actor=admin, full_name="Editor", role=Role.EDITOR),
            FAC: account_services.user_create(
                actor=admin, full_name="Fasilitator", role=Role.FACILITATOR
            ),
            TRAINEE: bdg_person,
        }
        services.facilitator_assign(
            actor=admin, wave=w_jabar, facilitator=cls.users[FAC], role="fasilitator"
        )
        everyone = {NAT, PROV, ORG}
        cls.records = [
            Record(
                "programmes",
                p_jabar,
                "Bimtek Jabar Uji",
                everyone,
                everyone,
                {"min_attendance_percent": "10", "title": "Diubah"},
            ),
            Record(
                "programmes",
                p_sulteng,
                "Pendampingan Sulteng Uji",
                {NAT, PROV},
                {NAT},
                {"min_attendance_percent": "10", "title": "Diubah"},
            ),
            Record(
                "waves",
                w_jabar,
                "Bimtek Jabar Uji – gelombang 1",
                everyone,
                everyone,
                {"capacity": "1"},
            ),
            Record(
                "waves",
                w_sulteng,
                "Pendampingan Sulteng Uji – gelombang 1",
                {NAT, PROV},
                {NAT},
                {"capacity": "2", "host_site": str(coop_jabar.pk)},
            ),
            Record(
                "enrolments",
                e_bdg,
                "Ujang Lapas Bandung",
                everyone,
                everyone,
                {"status": "withdrawn", "reason": "x"},
            ),
            Record(
                "enrolments",
                e_coop,
                "Asep Koperasi Sukamaju",
                {NAT, PROV},
                {NAT, PROV},
                {"status": "withdrawn", "reason": "x"},
            ),
            Record(
                "enrolments",
                e_palu,
                "Rusdi Lapas Palu",
                {NAT},
                {NAT},
                {"status": "withdrawn", "reason": "x"},
            ),
            Record(
                "participants",
                bdg_person,
                "Ujang Lapas Bandung",
                everyone,
                everyone,
                {"email": "staf@contoh.id"},
            ),
            Record(
                "participants",
                coop_person,
                "Asep Koperasi Sukamaju",
                {NAT, PROV},
                {NAT, PROV},
                {"email": "staf@contoh.id"},
            ),
            Record(
                "participants",
                palu_person,
                "Rusdi Lapas Palu",
                {NAT},
                {NAT},
                {"email": "staf@contoh.id", "full_name": "X"},
            ),
            Record(
                "organisations",
                lapas_bdg,
                "Lapas Bandung Uji",
                everyone,
                everyone,
                {"name": "Diubah"},
            ),
            Record(
                "organisations",
                coop_jabar,
                "Kopdes Sukamaju Uji",
                {NAT, PROV},
                {NAT, PROV},
                {"name": "Diubah"},
            ),
            Record(
                "organisations",
                lapas_palu,
                "Lapas Palu Uji",
                {NAT},
                {NAT},
                {"name": "Diubah", "province": "32"},
            ),
            Record(
                "organisations",
                kemenkop,
                "Kementerian Koperasi Uji",
                {NAT},
                {NAT},
                {"name": "Diubah"},
            ),
            Record(
                "provinces",
                Province.objects.get(code="72"),
                "Sulawesi Tengah",
                everyone,
                set(),
                {"name": "Diubah"},
            ),
            Record("audit", audit_bdg, None, everyone, set(), {"reason": "diubah"}),
            Record("audit", audit_palu, None, {NAT}, set(), {"reason": "diubah"}),
            Record(
                "curriculum", c_jabar, "Bimtek Jabar Uji", everyone, everyone, {"sort_order": "9"}
            ),
            Record(
                "curriculum",
                c_sulteng,
                "Pendampingan Sulteng Uji",
                {NAT, PROV},
                {NAT},
                {"sort_order": "9"},
            ),
        ]

    # ------------------------------------------------------------------------------------

    def _perms(self, role, viewset):
        if role in STAFF:
            return STAFF_PERMS[viewset]
        if role == EDITOR:
            return EDITOR_PERMS.get(viewset, set())
        return set()

    def _state(self, record):
        model = type(record.obj)
        row = model._default_manager.filter(pk=record.obj.pk).values().first()
        return row

    def _request(self, method, url, data=None, record=None):
        """Each request runs in a transaction rolled back afterwards, so a permitted write in
        one step never changes what the next step sees. The record's state is read inside the
        transaction, before the rollback, so a forbidden write cannot hide."""
        with transaction.atomic():
            response = getattr(self.client, method)(url, data or {})
            response.state_after = self._state(record) if record is not None else None
            transaction.set_rollback(True)
        return response

    def _check_viewset(self, viewset):
        failures = []
        records = [r for r in self.records if r.viewset == viewset]
        for role in ROLES:
            self.client = self.client_class()  # no message or cookie left by another role
            self.client.force_login(self.users[role])
            perms = self._perms(role, viewset)
            admin_user = role in STAFF or role == EDITOR

            def expect(what, got, want, *, _role=role):
                if got != want:
                    failures.append(f"{viewset} {_role} {what}: got {got}, want {want}")

            # List
            response = self._request("get", reverse(f"{viewset}:index"))
            if not admin_user:
                expect("list", response.status_code, 302)
            else:
                expect("list", response.status_code, 200 if perms else 403)
                if response.status_code == 200:
                    html = response.content.decode()
                    for record in records:
                        if record.marker is None:
                            continue
                        shown = record.marker in html
                        expect(f"list shows {record.marker}", shown, role in record.see)
            # Create form
            response = self._request("get", reverse(f"{viewset}:add"))
            can_add = "add" in perms and viewset not in READ_ONLY
            expect("create", response.status_code, 200 if can_add else (403 if admin_user else 302))

            for record in records:
                pk = record.obj.pk
                label = f"[{record.marker or record.obj}]"
                visible = role in record.see
                changeable = role in record.change and viewset not in READ_ONLY
                before = self._state(record)

                response = self._request("get", reverse(f"{viewset}:inspect", args=[pk]))
                if not admin_user:
                    want = 302
                elif not visible:
                    want = 404
                else:
                    want = 200 if perms else 403
                expect(f"inspect {label}", response.status_code, want)

                for method in ("get", "post"):
                    response = self._request(
                        method, reverse(f"{viewset}:edit", args=[pk]), record.post, record
                    )
                    if not admin_user:
                        want = 302
                    elif "change" not in perms or viewset in READ_ONLY:
                        want = 403
                    elif not visible:
                        want = 404
                    elif not changeable:
                        want = 403
                    else:
                        want = 200  # the form (with errors, for the partial POST)
                    expect(f"edit {method} {label}", response.status_code, want)
                    if want != 200 or method == "get":
                        expect(f"edit {method} leaves {label}", response.state_after, before)

                response = self._request(
                    "post", reverse(f"{viewset}:delete", args=[pk]), record=record
                )
                deletes = admin_user and visible and "delete" in perms and changeable
                if not admin_user or deletes:
                    want = 302  # to the login page, or back to the list after deleting
                elif not visible:
                    want = 404
                else:
                    want = 403
                expect(f"delete {label}", response.status_code, want)
                if deletes:
                    expect(f"delete removes {label}", response.state_after, None)
                else:
                    expect(f"delete leaves {label}", response.state_after, before)
        self.assertEqual(failures, [], "\n" + "\n".join(failures))

    def test_programmes(self):
        self._check_viewset("programmes")

    def test_waves(self):
        self._check_viewset("waves")

    def test_enrolments(self):
        self._check_viewset("enrolments")

    def test_participants(self):
        self._check_viewset("participants")

    def test_organisations(self):
        self._check_viewset("organisations")

    def test_provinces(self):
        self._check_viewset("provinces")

    def test_audit(self):
        self._check_viewset("audit")

    def test_curriculum(self):
        self._check_viewset("curriculum")

    def test_permitted_delete_really_deletes_and_is_audited(self):
        """The one delete staff may do (a curriculum entry of a programme they may change)."""
        record = next(r for r in self.records if r.viewset == "curriculum" and PROV in r.change)
        self.client.force_login(self.users[PROV])
        response = self.client.post(reverse("curriculum:delete", args=[record.obj.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertIsNone(self._state(record))
        event = AuditEvent.objects.get(action="curriculum.delete", target_id=str(record.obj.pk))
        self.assertEqual(event.actor, self.users[PROV])
