from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun dan peran")
    default = True


class AccountsUsersAppConfig(WagtailUsersAppConfig):
    """wagtail.users with our user forms: one name field, role, organisation and scope."""

    user_viewset = "accounts.viewsets.UserViewSet"
