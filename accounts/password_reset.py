"""The admin's "forgotten password" form: only for accounts that may use the admin.

Trainees and facilitators never reach the admin, and staff may set their e-mail address; if
the admin's reset mailed them a link, whoever set the address could take the account over.
Their passwords are reset by staff through the account services instead.
"""

from wagtail.admin.forms.auth import PasswordResetForm


class AdminPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        return (user for user in super().get_users(email) if user.may_use_admin)
