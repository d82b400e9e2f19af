from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from lms.forms import ScopedFieldsMixin, ServiceModelForm
from organisations.api import Organisation, Province

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
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Nama pengguna/e-mail atau kata sandi salah. Periksa kembali; huruf besar dan kecil "
            "pada kata sandi dibedakan."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi staf program."),
    }


class AdminLoginForm(WagtailLoginForm):
    """Wagtail's admin login with its labels in words (Wagtail leaves them to the field names,
    untranslated): ``WAGTAILADMIN_USER_LOGIN_FORM``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna atau e-mail")
        self.fields["password"].label = _("Kata sandi")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Ingat saya")


class CodeLoginForm(forms.Form):
    """Step one of signing in with a one-time code: the username and the code from the sheet.
    Checked through ``authenticate`` so django-axes counts failures and locks out guessing
    exactly like the password login (the same counter per account and address)."""

    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    sign_in_code = forms.CharField(
        label=_("Kode masuk"),
        max_length=20,
        help_text=_("Delapan huruf dan angka dari lembar yang Anda terima, misalnya K7QM-3XHT."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        self.code = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        username, code = data.get("username"), data.get("sign_in_code")
        if username and code:
            user = authenticate(self.request, username=username, sign_in_code=code)
            if user is None:
                raise forms.ValidationError(
                    _(
                        "Nama pengguna atau kode salah, atau kode sudah dipakai atau "
                        "kedaluwarsa. Periksa kembali, atau minta kode baru kepada staf program."
                    ),
                    code="invalid_code",
                )
            self.code = user.sign_in_code
        return data


class NewPasswordForm(SetPasswordForm):
    """Step two: the participant chooses a kata sandi (Django's validators apply)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")

    def save(self, commit=True):
        raise NotImplementedError("Saved through accounts.services.sign_in_code_redeem.")


class OwnPasswordChangeForm(PasswordChangeForm):
    """ "Ganti kata sandi" while signed in, saved through the account services (audited)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Kata sandi sekarang")
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")

    def save(self, commit=True):
        saved = services.password_set(
            user=self.user,
            password=self.cleaned_data["new_password1"],
            action="user.password_change",
        )
        self.user.password = saved.password  # the view keeps the session on the new hash
        return self.user


class ResetRequestForm(PasswordResetForm):
    """ "Lupa kata sandi": a reset link to the account's e-mail address. The page answers the
    same whether or not an account has that address. An account created by staff that never
    had a kata sandi may set its first one this way too."""

    email = forms.EmailField(
        label=_("Alamat e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        return User._default_manager.filter(email__iexact=email.strip(), is_active=True).exclude(
            email=""
        )


class _AdminUserFormMixin(ScopedFieldsMixin):
    """Wagtail's user forms, with one name field, role, organisation and scope, saved through
    ``accounts.services`` (the role decides the groups; the audit row records the change)."""

    first_name = None
    last_name = None
    scoped_fields = {
        "organisation": lambda user: Organisation.objects.all(),
        "scope_organisation": lambda user: Organisation.objects.all(),
        "scope_province": lambda user: Province.objects.all(),
    }

    def __init__(self, *args, for_user=None, **kwargs):
        self.for_user = for_user
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        for name in ("organisation", "scope_organisation"):
            if name in self.fields:
                self.fields[name].widget = organisation_chooser_viewset.widget_class()
                self.fields[name].widget.choices = self.fields[name].choices

    def _changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in services.USER_FIELDS
            if name in self.fields and name in self.cleaned_data
        }

    def save_m2m(self):
        """Groups follow the role (accounts.services.user_sync_role_groups)."""


class AdminUserCreationForm(_AdminUserFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = [*USER_FIELDS, *SCOPE_FIELDS]

    def save(self, commit=True):
        data = self.cleaned_data
        self.instance = services.user_create(
            actor=self.for_user,
            full_name=data["full_name"],
            role=data["role"],
            username=data["username"],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            password=data.get("password1") or None,
            organisation=data.get("organisation"),
            participant_kind=data.get("participant_kind") or "",
            scope_province=data.get("scope_province"),
            scope_organisation=data.get("scope_organisation"),
        )
        return self.instance


class AdminUserEditForm(_AdminUserFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        model = User
        fields = [*USER_FIELDS, *SCOPE_FIELDS, "is_active"]

    def save(self, commit=True):
        self.instance = services.user_update(
            actor=self.for_user,
            user=self.instance,
            password=self.cleaned_data.get("password1") or None,
            **self._changes(),
        )
        return self.instance


class ParticipantForm(ServiceModelForm):
    """Staff create and edit trainees of their own region; contact data is optional."""

    scoped_fields = {"organisation": permissions.organisations_visible_to}

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
        self.fields["organisation"].widget.choices = self.fields["organisation"].choices

    def clean_username(self):
        username = self.cleaned_data.get("username") or ""
        if not username and self.instance.pk:
            return self.instance.username  # an existing account keeps its username
        return username

    def create(self, changes):
        return services.user_create(
            actor=self.for_user,
            full_name=changes["full_name"],
            username=changes.get("username") or "",
            role=Role.TRAINEE,
            email=changes.get("email") or "",
            phone=changes.get("phone") or "",
            organisation=changes["organisation"],
            participant_kind=changes["participant_kind"],
        )

    def update(self, instance, changes):
        return services.participant_update(actor=self.for_user, participant=instance, **changes)


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

    MAX_NAMES = 500

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = permissions.organisations_visible_to(user)
        self.fields["organisation"].widget = organisation_chooser_viewset.widget_class()
        self.fields["organisation"].widget.choices = self.fields["organisation"].choices

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
