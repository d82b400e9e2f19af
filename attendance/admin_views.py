"""Two schedule-building steps that are not one record's form: copy a schedule from another
wave, and add a week of daily sessions in one step."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import api as accounts
from programmes import api as programmes

from . import services
from .constants import SessionKind


def _waves(queryset):
    return queryset.select_related("programme").order_by("-starts_on", "number")


class CopyForm(forms.Form):
    source = forms.ModelChoiceField(label=gettext_lazy("Salin dari gelombang"), queryset=None)
    target = forms.ModelChoiceField(label=gettext_lazy("Ke gelombang"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = _waves(programmes.waves_visible_to(user))
        self.fields["target"].queryset = _waves(programmes.waves_changeable_by(user))


class WeekForm(forms.Form):
    wave = forms.ModelChoiceField(label=gettext_lazy("Gelombang"), queryset=None)
    kind = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=SessionKind.choices)
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=180)
    venue = forms.CharField(
        label=gettext_lazy("Tempat"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Kosongkan untuk memakai tempat gelombang."),
    )
    first_day = forms.DateField(
        label=gettext_lazy("Hari pertama"), widget=forms.DateInput(attrs={"type": "date"})
    )
    days = forms.IntegerField(
        label=gettext_lazy("Jumlah hari"), min_value=1, max_value=7, initial=5
    )
    start_time = forms.TimeField(
        label=gettext_lazy("Mulai (waktu setempat)"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    end_time = forms.TimeField(
        label=gettext_lazy("Selesai (waktu setempat)"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    lesson_hours = forms.IntegerField(
        label=gettext_lazy("JP per hari"), min_value=0, max_value=24, initial=8
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = _waves(programmes.waves_changeable_by(user))


def _staff_only(request):
    if not accounts.scope_of(request.user).staff:
        raise PermissionDenied


def _run(request, form, action, title):
    if request.method == "POST" and form.is_valid():
        try:
            created = action(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except PermissionDenied:
            form.add_error(None, _("Gelombang ini di luar wilayah kewenangan Anda."))
        else:
            messages.success(request, _("%(n)s sesi ditambahkan ke jadwal.") % {"n": len(created)})
            return redirect(reverse("sessions:index"))
    return TemplateResponse(
        request, "attendance/admin/schedule_form.html", {"form": form, "title": title}
    )


def schedule_copy(request):
    _staff_only(request)
    form = CopyForm(request.POST or None, user=request.user)
    return _run(
        request,
        form,
        lambda d: services.schedule_copy(
            actor=request.user, source_wave=d["source"], target_wave=d["target"]
        ),
        _("Salin jadwal dari gelombang lain"),
    )


def add_week(request):
    _staff_only(request)
    form = WeekForm(request.POST or None, user=request.user)
    return _run(
        request,
        form,
        lambda d: services.add_week(actor=request.user, **d),
        _("Tambah sesi harian sepekan"),
    )
