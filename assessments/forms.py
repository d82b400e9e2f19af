"""Front-end forms: a trainee's answer, a grade, a hand-in on behalf, a logbook day."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lms import files


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Jawaban teks"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = forms.FileField(label=_("Berkas jawaban"), required=False)

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        if not assignment.accepts_text:
            del self.fields["text"]
        if not assignment.accepts_file:
            del self.fields["file"]
        else:
            self.fields["file"].help_text = _("Diterima: %(kinds)s; paling besar %(size)s MB.") % {
                "kinds": files.kinds_label(assignment.allowed_kinds),
                "size": assignment.max_size_mb,
            }


def level_label(level) -> str:
    """ "Baik (50) – Lengkap dan jelas" """
    label = f"{level.title} ({level.points.normalize():f})"
    return f"{label} – {level.descriptor}" if level.descriptor else label


class GradeForm(forms.Form):
    score = forms.DecimalField(label=_("Nilai"), required=False, min_value=0, decimal_places=2)
    feedback = forms.CharField(
        label=_("Umpan balik"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    reason = forms.CharField(
        label=_("Alasan perubahan (wajib bila nilai sudah dirilis)"),
        required=False,
        widget=forms.TextInput(),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rubric=None, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        if rubric is not None:
            del self.fields["score"]
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                coerce=int,
                choices=[(lv.pk, level_label(lv)) for lv in criterion.levels.all()],
                widget=forms.RadioSelect,
                required=True,
            )

    def level_ids(self) -> list[int]:
        return [self.cleaned_data[f"c{c.pk}"] for c in self.criteria]

    def criterion_fields(self):
        return [self[f"c{c.pk}"] for c in self.criteria]


class OnBehalfForm(forms.Form):
    owner = forms.TypedChoiceField(label=_("Atas nama"), coerce=int)
    file = forms.FileField(label=_("Foto atau pindaian draf kertas"), required=False)
    text = forms.CharField(
        label=_("Catatan / jawaban teks"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners


class LogbookForm(forms.Form):
    day = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    activity = forms.CharField(label=_("Kegiatan"), widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Tempat"), max_length=200)
    hours = forms.DecimalField(
        label=_("Jam"), min_value=0.5, max_value=16, decimal_places=1, max_digits=4
    )
    track = forms.CharField(label=_("Bidang yang dilatih"), max_length=100, required=False)
    photo = forms.FileField(label=_("Foto (JPEG/PNG, pilihan)"), required=False)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Catatan mentor"), required=False)


class PlanForm(forms.Form):
    planned_hours = forms.DecimalField(
        label=_("Jam magang direncanakan per peserta"),
        min_value=0,
        max_value=2000,
        decimal_places=1,
        max_digits=6,
    )
