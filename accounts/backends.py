from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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
