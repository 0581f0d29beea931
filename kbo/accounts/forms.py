from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kbo.accounts import throttling


class LoginForm(auth_forms.AuthenticationForm):
    """Django's sign-in form. Its one error is the same for an unknown username and a wrong
    password; when axes has locked the username at this address, it says how long to wait."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(throttling.lockout_message(self.request), code="locked_out")
        return super().get_invalid_login_error()


class CodeForm(forms.Form):
    """The 6-digit code an authenticator app shows, checked against `device`."""

    code = forms.CharField(
        label=_("6-digit code"),
        max_length=7,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        # The device refuses a code used before and, after a wrong one, any code for a while that
        # doubles with each wrong code; that count must be saved, so nothing is raised inside.
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=self.device.pk)
            allowed, _details = device.verify_is_allowed()
            accepted = allowed and device.verify_token(code)
        if not allowed:
            raise ValidationError(
                _("Too many wrong codes in a row. Wait a minute, then enter the code your app shows."),
                code="throttled",
            )
        if not accepted:
            raise ValidationError(
                _("This code is not right. Enter the 6-digit code your app shows now."), code="invalid"
            )
        return code


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form: a mail only to active accounts with that address and a usable password,
    and the same page afterwards either way. The mail is in the user's language, and its link
    starts from SITE_URL, never from the Host header of the request."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        context = {**context, "site_url": settings.SITE_URL, "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        with translation.override(context["user"].language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
