from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend, ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Log in with a username or an e-mail address (e-mail compared without case)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        login = username.strip()
        lookup = {"email__iexact": login} if "@" in login else {"username": login}
        try:
            user = user_model._default_manager.get(**lookup)
        except (user_model.DoesNotExist, user_model.MultipleObjectsReturned):
            user_model().set_password(password)  # same time as a real check (timing attacks)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class SignInCodeBackend(BaseBackend):
    """Accepts a username and a one-time sign-in code (``accounts.codes``). It returns the
    account with the matching code attached (``user.sign_in_code``) but the code login view
    does not log the person in yet: they must first choose a kata sandi, which spends the code
    (``accounts.services.sign_in_code_redeem``). A wrong code is a failed login to
    django-axes, counted with the password login's failures for the same account. It grants
    no permissions and restores no sessions (the login is made with the password backend)."""

    def authenticate(self, request, username=None, sign_in_code=None, **kwargs):
        if username is None or sign_in_code is None:
            return None
        from .services import sign_in_code_find

        code = sign_in_code_find(username, sign_in_code)
        if code is None or not code.user.is_active:
            return None
        user = code.user
        user.sign_in_code = code
        return user
