"""Staff's admin for assignments and rubrics. Lists, filters, forms and deletes see only what
assessments.permissions allows; every save goes through assessments.services. Due times are
typed and shown in the wave's own zone."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lms import files, timezones
from lms.forms import ServiceModelForm
from lms.viewsets import ScopedModelViewSet, ZonedDateTimeColumn
from programmes import api as programmes

from . import permissions, services
from .constants import ANSWER_KINDS
from .models import Assignment, Rubric


def _waves_for(user):
    """Waves whose assignments the user may set: staff of the host's region, the wave's
    facilitators."""
    waves = programmes.waves_changeable_by(user)
    if getattr(user, "role", None) == "facilitator":
        waves = programmes.waves_visible_to(user)
    return waves.select_related("programme").order_by("-starts_on", "number")


class AssignmentForm(ServiceModelForm):
    due_date = forms.DateField(
        label=_("Tanggal tenggat"), widget=forms.DateInput(attrs={"type": "date"})
    )
    due_time = forms.TimeField(
        label=_("Jam tenggat"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Waktu setempat di tempat gelombang (WIB, WITA atau WIT)."),
    )
    allowed_kinds = forms.MultipleChoiceField(
        label=_("Jenis berkas yang diterima"),
        choices=[(k, files.KINDS[k].label) for k in ANSWER_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Assignment
        fields = [
            "wave",
            "title",
            "instructions",
            "template_document",
            "late_policy",
            "max_score",
            "pass_mark",
            "required_for_certificate",
            "mode",
            "accepts_text",
            "accepts_file",
            "allowed_kinds",
            "max_size_mb",
            "rubric",
        ]

    scoped_fields = {"wave": _waves_for, "rubric": permissions.rubrics_visible_to}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk:
            tz = instance.wave.time_zone
            due = timezones.in_zone(instance.due_at, tz)
            self.initial.update(due_date=due.date(), due_time=due.time())
            self.fields["due_time"].help_text = _("Waktu setempat (%(zone)s).") % {
                "zone": timezones.zone_label(tz)
            }

    def clean(self):
        data = super().clean()
        wave = data.get("wave") or (self.instance.wave if self.instance.pk else None)
        if wave and data.get("due_date") and data.get("due_time"):
            data["due_at"] = timezones.aware_in_zone(
                data["due_date"], data["due_time"], wave.time_zone
            )
        return data

    def _changes(self):
        changes = self.model_changes()
        changes["due_at"] = self.cleaned_data["due_at"]
        changes["allowed_kinds"] = list(self.cleaned_data.get("allowed_kinds") or [])
        return changes

    def save(self, commit=True):
        changes = self._changes()
        if self.instance.pk is None:
            wave = changes.pop("wave")
            self.instance = services.assignment_create(
                actor=self.for_user,
                wave=wave,
                title=changes.pop("title"),
                due_at=changes.pop("due_at"),
                **changes,
            )
        else:
            original = Assignment.objects.get(pk=self.instance.pk)
            self.instance = services.assignment_update(
                actor=self.for_user, assignment=original, **changes
            )
        return self.instance


def _visible_waves(request):
    if request is None:
        return programmes.Wave.objects.none()
    return programmes.waves_visible_to(request.user).select_related("programme")


class AssignmentFilterSet(WagtailFilterSet):
    wave = django_filters.ModelChoiceFilter(label=_("Gelombang"), queryset=_visible_waves)

    class Meta:
        model = Assignment
        fields = ["wave", "mode"]


class AssignmentViewSet(ScopedModelViewSet):
    model = Assignment
    icon = "doc-full"
    menu_label = _("Tugas")
    list_display = [
        "title",
        Column("wave", label=_("Gelombang")),
        ZonedDateTimeColumn(
            "due_at", label=_("Tenggat"), sort_key="due_at", zone_accessor="wave.time_zone"
        ),
        "mode",
        "required_for_certificate",
    ]
    filterset_class = AssignmentFilterSet
    search_fields = ["title", "wave__programme__title"]
    list_per_page = 50
    ordering = ["due_at"]

    def get_form_class(self, for_update=False):
        return AssignmentForm

    def scoped_queryset(self, request):
        return self.visible(request).select_related("wave__programme")

    def delete_instance(self, *, actor, instance):
        services.assignment_delete(actor=actor, assignment=instance)


# --- Rubrics --------------------------------------------------------------------------------

_LEVEL = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*\|\s*([^|]+?)\s*(?:\|\s*(.*))?$")


def parse_criteria(text: str) -> list[dict]:
    """Criteria typed as blocks: a line with the criterion's title, then one line per level,
    "points | title | descriptor". A blank line between criteria."""
    criteria = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        title, levels = lines[0].strip(), []
        for line in lines[1:]:
            match = _LEVEL.match(line)
            if not match:
                raise ValidationError(
                    _("Baris tingkat tidak dikenali: %(line)s (tulis: poin | tingkat | deskripsi)")
                    % {"line": line.strip()}
                )
            try:
                points = Decimal(match.group(1).replace(",", "."))
            except InvalidOperation as error:
                raise ValidationError(_("Poin harus angka.")) from error
            levels.append(
                {"points": points, "title": match.group(2), "descriptor": match.group(3) or ""}
            )
        criteria.append({"title": title, "levels": levels})
    return criteria


def format_criteria(rubric: Rubric) -> str:
    blocks = []
    for criterion in rubric.criteria.prefetch_related("levels"):
        lines = [criterion.title]
        lines += [
            f"{level.points.normalize():f} | {level.title} | {level.descriptor}".rstrip(" |")
            for level in criterion.levels.all()
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class RubricForm(ServiceModelForm):
    criteria_text = forms.CharField(
        label=_("Kriteria dan tingkat"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Satu blok per kriteria: baris pertama nama kriteria, lalu satu baris per tingkat "
            "'poin | tingkat | deskripsi'. Pisahkan kriteria dengan baris kosong."
        ),
    )

    class Meta:
        model = Rubric
        fields = ["title", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["criteria_text"] = format_criteria(self.instance)

    def clean_criteria_text(self):
        criteria = parse_criteria(self.cleaned_data["criteria_text"])
        if not criteria:
            raise ValidationError(_("Rubrik memerlukan setidaknya satu kriteria."))
        return criteria

    def create(self, changes):
        return services.rubric_create(
            actor=self.for_user, criteria=self.cleaned_data["criteria_text"], **changes
        )

    def update(self, instance, changes):
        return services.rubric_update(
            actor=self.for_user,
            rubric=instance,
            criteria=self.cleaned_data["criteria_text"],
            **changes,
        )


class RubricViewSet(ScopedModelViewSet):
    model = Rubric
    icon = "list-ul"
    menu_label = _("Rubrik")
    list_display = ["title", "description"]
    search_fields = ["title"]
    list_per_page = 50
    ordering = ["title"]

    def get_form_class(self, for_update=False):
        return RubricForm

    def delete_instance(self, *, actor, instance):
        services.rubric_delete(actor=actor, rubric=instance)


class AssessmentAdminGroup(ModelViewSetGroup):
    menu_label = _("Tugas dan penilaian")
    menu_icon = "doc-full"
    menu_order = 215
    items = (AssignmentViewSet("assignments"), RubricViewSet("rubrics"))
