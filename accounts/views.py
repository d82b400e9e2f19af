import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from . import services
from .forms import (
    CodeLoginForm,
    LoginForm,
    NewPasswordForm,
    OwnPasswordChangeForm,
    ResetRequestForm,
)
from .models import SignInCode

# Between typing the code and choosing a kata sandi: long enough to think of one.
CODE_SESSION_KEY = "accounts_sign_in_code"
CODE_SESSION_SECONDS = 30 * 60


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")
    form_class = OwnPasswordChangeForm


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@method_decorator([sensitive_post_parameters("sign_in_code"), never_cache], name="dispatch")
class CodeLoginView(FormView):
    """ "Masuk dengan kode": username and one-time code, then straight to choosing a kata
    sandi. The person is not signed in until the kata sandi is set."""

    template_name = "accounts/code_login.html"
    form_class = CodeLoginForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        self.request.session.cycle_key()
        self.request.session[CODE_SESSION_KEY] = {
            "code_id": form.code.pk,
            "user_id": form.code.user_id,
            "at": int(time.time()),
        }
        return redirect("accounts:code_set_password")


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class CodeSetPasswordView(FormView):
    template_name = "accounts/code_set_password.html"
    form_class = NewPasswordForm

    def dispatch(self, request, *args, **kwargs):
        pending = request.session.get(CODE_SESSION_KEY) or {}
        fresh = time.time() - pending.get("at", 0) < CODE_SESSION_SECONDS
        self.code = (
            SignInCode.objects.select_related("user")
            .filter(pk=pending.get("code_id"), user_id=pending.get("user_id"), used_at=None)
            .first()
            if pending and fresh
            else None
        )
        if self.code is None:
            request.session.pop(CODE_SESSION_KEY, None)
            messages.error(request, _("Masukkan nama pengguna dan kode Anda dulu."))
            return redirect("accounts:code_login")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.code.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.code.user}

    def form_valid(self, form):
        try:
            user = services.sign_in_code_redeem(
                code_id=self.code.pk, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.request.session.pop(CODE_SESSION_KEY, None)
        login(self.request, user, backend="accounts.backends.UsernameOrEmailBackend")
        messages.success(
            self.request,
            _("Kata sandi Anda tersimpan. Lain kali masuk dengan nama pengguna dan kata sandi."),
        )
        return redirect("portal:my-home")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_form_class(self):
        return _ResetSetPasswordForm


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class _ResetSetPasswordForm(NewPasswordForm):
    def save(self, commit=True):
        return services.password_set(
            user=self.user,
            password=self.cleaned_data["new_password1"],
            action="user.password_reset",
        )
