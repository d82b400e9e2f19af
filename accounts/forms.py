from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from organisations.models import Organisation

from . import permissions, services
from .choosers import organisation_chooser_viewset
from .constants import ParticipantKind, Role
from .models import User

USER_FIELDS = [
    "username",
    "full_name",
    "email",
    "phone",
    "role",
    "organisation",
    "participant_kind",
]
SCOPE_FIELDS = ["scope_province", "scope_organisation"]


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Nama pengguna atau e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "Nama pengguna/e-mail atau kata sandi salah. Periksa kembali; huruf besar dan kecil "
            "pada kata sandi dibedakan."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi staf program."),
    }


class _RoleSyncMixin:
    """Wagtail's user forms, with one name field, role, organisation and scope. The role decides
    the groups (accounts.services.user_sync_role_groups)."""

    first_name = None
    last_name = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        if "groups" in self.fields:
            self.fields["groups"].required = False

    def save(self, commit=True):
        user = super().save(commit=False)
        user.email = (user.email or "").strip().lower()
        if user.role == Role.ADMIN:
            user.is_superuser = True
        if commit:
            user.save()
            self.save_m2m()
            services.user_sync_role_groups(user=user)
        return user


class AdminUserCreationForm(_RoleSyncMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = [*USER_FIELDS, *SCOPE_FIELDS, "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class AdminUserEditForm(_RoleSyncMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        model = User
        fields = [*USER_FIELDS, *SCOPE_FIELDS, "is_active", "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class ParticipantForm(WagtailAdminModelForm):
    """Staff create and edit trainees of their own region; contact data is optional."""

    class Meta:
        model = User
        fields = ["full_name", "username", "participant_kind", "organisation", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].required = False
        self.fields["username"].help_text = _("Kosongkan untuk dibuat otomatis dari nama.")
        self.fields["participant_kind"].required = True
        self.fields["organisation"].required = True
        self.fields["organisation"].widget = organisation_chooser_viewset.widget_class()
        if self.for_user is not None:
            self.fields["organisation"].queryset = permissions.organisations_visible_to(
                self.for_user
            )

    def save(self, commit=True):
        data = self.cleaned_data
        if self.instance.pk:
            return super().save(commit=commit)
        self.instance = services.user_create(
            actor=self.for_user,
            full_name=data["full_name"],
            username=data.get("username") or "",
            role=Role.TRAINEE,
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            organisation=data["organisation"],
            participant_kind=data["participant_kind"],
        )
        return self.instance


class ParticipantBulkForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Koperasi / unit"), queryset=Organisation.objects.none()
    )
    participant_kind = forms.ChoiceField(label=_("Jenis peserta"), choices=ParticipantKind.choices)
    names = forms.CharField(
        label=_("Nama peserta"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Satu nama per baris. Nama tunggal (satu kata) diperbolehkan."),
    )
    with_passwords = forms.BooleanField(
        label=_("Buat kata sandi awal"),
        required=False,
        help_text=_(
            "Kata sandi ditampilkan sekali untuk dicetak. Tanpa kata sandi, akun tidak dapat "
            "masuk dan fasilitator mencatat atas nama peserta."
        ),
    )

    MAX_NAMES = 500

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = permissions.organisations_visible_to(user)
        self.fields["organisation"].widget = organisation_chooser_viewset.widget_class()

    def clean_names(self):
        names = [" ".join(line.split()) for line in self.cleaned_data["names"].splitlines()]
        names = [n for n in names if n]
        if not names:
            raise forms.ValidationError(_("Tuliskan sedikitnya satu nama."))
        if len(names) > self.MAX_NAMES:
            raise forms.ValidationError(
                _("Paling banyak %(max)s nama sekali kirim; ini %(n)s.")
                % {"max": self.MAX_NAMES, "n": len(names)}
            )
        too_long = [n for n in names if len(n) > 150]
        if too_long:
            raise forms.ValidationError(
                _("Nama terlalu panjang: %(name)s") % {"name": too_long[0][:40]}
            )
        return names
