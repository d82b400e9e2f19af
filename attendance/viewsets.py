"""Staff's admin for schedules: sessions of the waves they may change (and read-only those they
may only see), the programme's attendance rules, copying a schedule from another wave and adding
a week of daily sessions in one step. Times are typed and shown in the wave's own zone."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from accounts import api as accounts
from accounts.api import User
from lms import timezones
from lms.forms import ServiceModelForm
from lms.viewsets import ScopedIndexView, ScopedModelViewSet
from programmes import api as programmes

from . import permissions, services
from .constants import SessionKind
from .models import AttendanceSettings, Session


def _facilitators(user):
    """Facilitators assigned to a wave the user may change (the service checks the wave)."""
    if user is None or not accounts.scope_of(user).staff:
        return User.objects.none()
    assigned = programmes.FacilitatorAssignment.objects.filter(
        facilitator=OuterRef("pk"),
        wave__in=programmes.waves_changeable_by(user).values("pk"),
    )
    return User.objects.filter(Exists(assigned)).order_by("full_name")


def _changeable_waves(user):
    if user is None:
        return programmes.Wave.objects.none()
    return (
        programmes.waves_changeable_by(user)
        .select_related("programme")
        .order_by("-starts_on", "number")
    )


class SessionForm(ServiceModelForm):
    day = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Mulai"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Waktu setempat di tempat gelombang (WIB, WITA atau WIT)."),
    )
    end_time = forms.TimeField(
        label=_("Selesai"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    class Meta:
        model = Session
        fields = ["wave", "kind", "title", "venue", "lesson_hours", "unit", "facilitators"]
        widgets = {"facilitators": forms.CheckboxSelectMultiple}

    scoped_fields = {
        "wave": _changeable_waves,
        "unit": accounts.organisations_visible_to,
        "facilitators": _facilitators,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = accounts.organisation_chooser_viewset.widget_class()
        self.fields["unit"].widget.choices = self.fields["unit"].choices
        instance = self.instance
        if instance.pk:
            tz = instance.wave.time_zone
            start = timezones.in_zone(instance.starts_at, tz)
            self.initial.update(
                day=start.date(),
                start_time=start.time(),
                end_time=timezones.in_zone(instance.ends_at, tz).time(),
            )
            label = timezones.zone_label(tz)
            self.fields["start_time"].help_text = _("Waktu setempat (%(zone)s).") % {"zone": label}

    def clean(self):
        data = super().clean()
        wave = data.get("wave") or (self.instance.wave if self.instance.pk else None)
        if wave and data.get("day") and data.get("start_time") and data.get("end_time"):
            data["starts_at"] = timezones.aware_in_zone(
                data["day"], data["start_time"], wave.time_zone
            )
            data["ends_at"] = timezones.aware_in_zone(data["day"], data["end_time"], wave.time_zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("Waktu selesai harus setelah waktu mulai."))
        return data

    def _fields(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "venue": data.get("venue") or "",
            "lesson_hours": data["lesson_hours"],
            "unit": data.get("unit"),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
        }

    def save(self, commit=True):
        facilitators = list(self.cleaned_data.get("facilitators") or [])
        if self.instance.pk is None:
            self.instance = services.session_create(
                actor=self.for_user,
                wave=self.cleaned_data["wave"],
                facilitators=facilitators,
                **self._fields(),
            )
        else:
            original = Session.objects.get(pk=self.instance.pk)
            self.instance = services.session_update(
                actor=self.for_user, session=original, facilitators=facilitators, **self._fields()
            )
        return self.instance


def _visible_waves(request):
    if request is None:
        return programmes.Wave.objects.none()
    return programmes.waves_visible_to(request.user).select_related("programme")


class SessionFilterSet(WagtailFilterSet):
    wave = django_filters.ModelChoiceFilter(label=_("Gelombang"), queryset=_visible_waves)
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=SessionKind.choices)

    class Meta:
        model = Session
        fields = ["wave", "kind"]


class SessionIndexView(ScopedIndexView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if accounts.scope_of(self.request.user).staff:
            buttons.append(
                HeaderButton(
                    _("Salin jadwal dari gelombang lain"),
                    url=reverse("attendance_schedule_copy"),
                    icon_name="copy",
                )
            )
            buttons.append(
                HeaderButton(
                    _("Tambah sesi harian sepekan"),
                    url=reverse("attendance_add_week"),
                    icon_name="date",
                )
            )
        return buttons


class SessionViewSet(ScopedModelViewSet):
    model = Session
    icon = "time"
    menu_label = _("Jadwal sesi")
    index_view_class = SessionIndexView
    list_display = [
        "title",
        Column("when_label", label=_("Waktu (zona tempat)"), sort_key="starts_at"),
        Column("wave", label=_("Gelombang")),
        "kind",
        "lesson_hours",
        "code",
    ]
    filterset_class = SessionFilterSet
    search_fields = ["title", "venue", "wave__programme__title"]
    list_per_page = 50
    ordering = ["starts_at"]

    def get_form_class(self, for_update=False):
        return SessionForm

    def scoped_queryset(self, request):
        return self.visible(request).select_related("wave__programme")

    def delete_instance(self, *, actor, instance):
        services.session_delete(actor=actor, session=instance)


class SettingsForm(ServiceModelForm):
    class Meta:
        model = AttendanceSettings
        fields = ["programme", "excused_rule", "late_grace_minutes"]

    scoped_fields = {"programme": programmes.programmes_changeable_by}

    def create(self, changes):
        programme = changes.pop("programme")
        return services.settings_update(actor=self.for_user, programme=programme, **changes)

    def update(self, instance, changes):
        changes.pop("programme", None)
        return services.settings_update(
            actor=self.for_user, programme=instance.programme, **changes
        )


class SettingsViewSet(ScopedModelViewSet):
    model = AttendanceSettings
    icon = "cog"
    menu_label = _("Aturan kehadiran")
    list_display = ["programme", "excused_rule", "late_grace_minutes"]
    list_per_page = 50
    ordering = ["programme__title"]

    def get_form_class(self, for_update=False):
        return SettingsForm

    def scoped_queryset(self, request):
        return self.visible(request).select_related("programme")


class AttendanceAdminGroup(ModelViewSetGroup):
    menu_label = _("Jadwal dan kehadiran")
    menu_icon = "time"
    menu_order = 210
    items = (SessionViewSet("sessions"), SettingsViewSet("attendance_settings"))


__all__ = ["AttendanceAdminGroup", "permissions"]
