"""Programme staff's admin: programmes, waves, enrolments. Every list, filter, search, chooser
and form sees only what programmes.permissions allows the user."""

import django_filters
from django import forms
from django.db.models import F as models_F
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup

from accounts import api as accounts
from accounts.api import User
from lms.forms import ScopedFieldsMixin, ScopedInlinePanel, ServiceModelForm
from lms.viewsets import (
    LocalDateColumn,
    ScopedChooserViewSet,
    ScopedModelViewSet,
    ZonedDateTimeColumn,
    search_filter_form,
)
from organisations.api import Province

from . import permissions, selectors, services
from .constants import EnrolmentStatus, ProgrammeKind
from .models import Enrolment, Programme, Wave


def _user(request):
    return request.user if request is not None else None


# --- Programmes ---------------------------------------------------------------------------


def _facilitators(user):
    """Facilitators are chosen nationwide (a speaker may come from anywhere), by staff only."""
    if not accounts.scope_of(user).staff:
        return User.objects.none()
    return User.objects.filter(role="facilitator", is_active=True)


class ProgrammeForm(ServiceModelForm):
    scoped_fields = {"organiser": accounts.organisations_visible_to}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].widget = accounts.organisation_chooser_viewset.widget_class()
        self.fields["organiser"].widget.choices = self.fields["organiser"].choices

    def _partners(self) -> list[dict]:
        return [
            {name: row.get(name) for name in services.PARTNER_FIELDS}
            for row in self.formset_rows("partnerships")
        ]

    def create(self, changes):
        return services.programme_create(actor=self.for_user, partners=self._partners(), **changes)

    def update(self, instance, changes):
        return services.programme_update(
            actor=self.for_user, programme=instance, partners=self._partners(), **changes
        )


class ProgrammeFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=ProgrammeKind.choices)

    class Meta:
        model = Programme
        fields = ["kind"]


class ProgrammeViewSet(ScopedModelViewSet):
    model = Programme
    icon = "folder-open-inverse"
    menu_label = _("Program")
    list_display = [
        "title",
        "kind",
        "organiser",
        Column("wave_count", label=_("Gelombang")),
        Column("participant_count", label=_("Peserta")),
    ]
    filterset_class = ProgrammeFilterSet
    search_fields = ["title", "description"]
    list_per_page = 50
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("kind"),
            FieldPanel("description"),
            FieldPanel("organiser"),
            FieldRowPanel(
                [
                    FieldPanel("min_attendance_percent"),
                    FieldPanel("require_assignments_passed"),
                    FieldPanel("lesson_hours"),
                ],
                heading=_("Syarat kelulusan"),
            ),
            ScopedInlinePanel(
                "partnerships",
                scoped_fields={"partner": accounts.organisations_visible_to},
                heading=_("Mitra dan PKS"),
                label=_("Mitra"),
                panels=[
                    FieldPanel(
                        "partner", widget=accounts.organisation_chooser_viewset.widget_class()
                    ),
                    FieldPanel("agreement_number"),
                    FieldPanel("signed_on"),
                    FieldPanel("scope"),
                ],
            ),
        ],
        base_form_class=ProgrammeForm,
    )

    def scoped_queryset(self, request):
        scope = accounts.region_q(request.user, "organisation")
        return (
            self.visible(request)
            .select_related("organiser")
            .annotate(**selectors.programme_counts(enrolment_scope=scope))
        )

    def delete_instance(self, *, actor, instance):
        services.programme_delete(actor=actor, programme=instance)


# --- Waves --------------------------------------------------------------------------------


class WaveForm(ServiceModelForm):
    scoped_fields = {
        "programme": permissions.programmes_visible_to,
        "host_site": accounts.organisations_visible_to,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_site"].widget = accounts.organisation_chooser_viewset.widget_class()
        self.fields["host_site"].widget.choices = self.fields["host_site"].choices

    def _facilitators(self) -> list[tuple]:
        return [(row["facilitator"], row["role"]) for row in self.formset_rows("assignments")]

    def create(self, changes):
        return services.wave_create(
            actor=self.for_user, facilitators=self._facilitators(), **changes
        )

    def update(self, instance, changes):
        return services.wave_update(
            actor=self.for_user, wave=instance, facilitators=self._facilitators(), **changes
        )


def _visible_programmes(request):
    if request is None:
        return Programme.objects.none()
    return permissions.programmes_visible_to(request.user)


class WaveFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(label=_("Program"), queryset=_visible_programmes)
    province = django_filters.ModelChoiceFilter(
        label=_("Provinsi tuan rumah"),
        field_name="host_site__province",
        queryset=Province.objects.all(),
    )
    starts_on = django_filters.DateFromToRangeFilter(label=_("Tanggal mulai"))

    class Meta:
        model = Wave
        fields = ["programme", "province", "starts_on"]


class WaveViewSet(ScopedModelViewSet):
    model = Wave
    icon = "date"
    menu_label = _("Gelombang")
    list_display = [
        Column("__str__", label=_("Gelombang"), sort_key="number"),
        LocalDateColumn("starts_on", label=_("Tanggal mulai"), sort_key="starts_on"),
        LocalDateColumn("ends_on", label=_("Tanggal selesai")),
        "host_site",
        Column("province_name", label=_("Provinsi")),
        Column("seats_taken", label=_("Peserta")),
        "capacity",
    ]
    filterset_class = WaveFilterSet
    search_fields = ["programme__title", "venue", "sector", "host_site__name"]
    list_per_page = 50
    ordering = ["-starts_on"]
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldRowPanel([FieldPanel("number"), FieldPanel("capacity")]),
            FieldRowPanel(
                [FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("time_zone")]
            ),
            FieldPanel("host_site"),
            FieldPanel("venue"),
            FieldPanel("sector"),
            ScopedInlinePanel(
                "assignments",
                scoped_fields={"facilitator": _facilitators},
                heading=_("Fasilitator"),
                label=_("Fasilitator"),
                panels=[
                    # A chooser, not a <select> of every user in the country.
                    FieldPanel(
                        "facilitator", widget=accounts.facilitator_chooser_viewset.widget_class()
                    ),
                    FieldPanel("role"),
                ],
            ),
        ],
        base_form_class=WaveForm,
    )

    def delete_instance(self, *, actor, instance):
        services.wave_delete(actor=actor, wave=instance)

    def scoped_queryset(self, request):
        return (
            self.visible(request)
            .select_related("programme", "host_site", "host_site__province")
            .annotate(seats_taken=selectors.seats_taken())
            .annotate(province_name=models_F("host_site__province__name"))
        )


class WaveChooserViewSet(ScopedChooserViewSet):
    model = Wave
    icon = "date"
    choose_one_text = _("Pilih gelombang")
    choose_another_text = _("Pilih gelombang lain")
    filter_form_class = search_filter_form("programme__title", "venue", "host_site__name")
    # Every admin form with a wave field (curriculum, enrolment) gets this chooser.
    register_widget = True

    def scoped_queryset(self, request):
        return (
            permissions.waves_visible_to(request.user)
            .select_related("programme")
            .order_by("-starts_on", "number")
        )


wave_chooser_viewset = WaveChooserViewSet("wave_chooser")


# --- Enrolments ---------------------------------------------------------------------------


class EnrolmentCreateForm(ScopedFieldsMixin, WagtailAdminModelForm):
    class Meta:
        model = Enrolment
        fields = ["wave", "participant", "organisation", "board_position", "status"]
        widgets = {
            "wave": wave_chooser_viewset.widget_class(),
            "participant": accounts.participant_chooser_viewset.widget_class(),
            "organisation": accounts.organisation_chooser_viewset.widget_class(),
        }

    scoped_fields = {
        "wave": permissions.waves_visible_to,
        "participant": accounts.participants_visible_to,
        "organisation": accounts.organisations_visible_to,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (EnrolmentStatus.INVITED, EnrolmentStatus.INVITED.label),
            (EnrolmentStatus.ACTIVE, EnrolmentStatus.ACTIVE.label),
        ]
        self.fields["organisation"].required = False
        self.fields["organisation"].help_text = _("Kosongkan untuk memakai organisasi peserta.")

    def validate_unique(self):
        """Duplicates are the service's to judge: a withdrawn participant may be re-enrolled."""

    def save(self, commit=True):
        data = self.cleaned_data
        self.instance = services.enrolment_create(
            actor=self.for_user,
            wave=data["wave"],
            participant=data["participant"],
            organisation=data.get("organisation"),
            board_position=data.get("board_position") or "",
            status=data["status"],
        )
        return self.instance


class EnrolmentEditForm(ScopedFieldsMixin, WagtailAdminModelForm):
    scoped_fields = {"organisation": accounts.organisations_visible_to}

    reason = forms.CharField(
        label=_("Alasan perubahan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib diisi bila peserta mengundurkan diri; dicatat di jejak audit."),
    )

    class Meta:
        model = Enrolment
        fields = ["status", "organisation", "board_position"]
        widgets = {"organisation": accounts.organisation_chooser_viewset.widget_class()}

    def save(self, commit=True):
        data = self.cleaned_data
        original = Enrolment.objects.get(pk=self.instance.pk)
        self.instance = services.enrolment_change(
            actor=self.for_user,
            enrolment=original,
            status=data["status"],
            organisation=data["organisation"],
            board_position=data.get("board_position") or "",
            reason=data.get("reason") or "",
        )
        return self.instance


class EnrolmentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EnrolmentStatus.choices)
    programme = django_filters.ModelChoiceFilter(
        label=_("Program"), field_name="wave__programme", queryset=_visible_programmes
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Provinsi peserta"),
        field_name="organisation__province",
        queryset=Province.objects.all(),
    )

    class Meta:
        model = Enrolment
        fields = ["status", "programme", "province"]


class EnrolmentViewSet(ScopedModelViewSet):
    model = Enrolment
    icon = "user"
    menu_label = _("Pendaftaran")
    list_display = [
        Column("participant", label=_("Peserta"), sort_key="participant__full_name"),
        Column("wave", label=_("Gelombang")),
        Column("organisation", label=_("Koperasi / unit asal")),
        # Read from the joined rows, not annotated: an annotation would keep the joins in the
        # paginator's COUNT over every enrolment (most of this list's SQL time at scale).
        Column("province_name", label=_("Provinsi"), accessor="organisation.province.name"),
        "board_position",
        "status",
        # In the wave's zone, with its label (WIB, WITA, WIT).
        ZonedDateTimeColumn(
            "enrolled_at",
            label=_("Didaftarkan"),
            sort_key="enrolled_at",
            zone_accessor="wave.time_zone",
        ),
    ]
    filterset_class = EnrolmentFilterSet
    search_fields = ["participant__full_name", "participant__username", "organisation__name"]
    list_per_page = 50
    ordering = ["-enrolled_at"]
    list_export = ["participant", "wave", "organisation", "board_position", "status", "enrolled_at"]

    def get_form_class(self, for_update=False):
        return EnrolmentEditForm if for_update else EnrolmentCreateForm

    def scoped_queryset(self, request):
        return self.visible(request).select_related(
            "participant", "wave", "wave__programme", "organisation", "organisation__province"
        )


class ProgrammeAdminGroup(ModelViewSetGroup):
    menu_label = _("Program pelatihan")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        ProgrammeViewSet("programmes"),
        WaveViewSet("waves"),
        EnrolmentViewSet("enrolments"),
        accounts.ParticipantViewSet("participants"),
        accounts.OrganisationViewSet("organisations"),
        accounts.ProvinceViewSet("provinces"),
        accounts.AuditEventViewSet("audit"),
    )
