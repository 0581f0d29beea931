"""Sign-in, two-step sign-in and password reset; the rules live in throttling.py and twofactor.py."""

import time

import django_otp
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, load_backend
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from kbo.accounts import twofactor
from kbo.accounts.forms import CodeForm, LoginForm, PasswordResetForm

# Between the password and the code, the session holds who is signing in, for this long.
PENDING_KEY = "kbo_two_factor_pending"
PENDING_SECONDS = 5 * 60


class LoginView(auth_views.LoginView):
    """The password; a user with a two-step device then gives a code (`LoginCodeView`) before the
    session becomes theirs. `?next=` is followed only within this site (Django's check)."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.has_device(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk, "backend": user.backend, "next": self.get_success_url(), "since": time.time(),
        }
        return redirect("login_code")


class LoginCodeView(FormView):
    template_name = "registration/login_code.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        self.pending = request.session.get(PENDING_KEY)
        self.device = None
        if self.pending and time.time() - self.pending["since"] < PENDING_SECONDS:
            self.user = load_backend(self.pending["backend"]).get_user(self.pending["user"])
            self.device = self.user and twofactor.confirmed_device(self.user)
        if not self.device:
            request.session.pop(PENDING_KEY, None)
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def form_valid(self, form):
        del self.request.session[PENDING_KEY]
        self.user.otp_device = self.device  # django-otp marks the new session verified
        auth_login(self.request, self.user, backend=self.pending["backend"])
        return redirect(self.pending["next"])


def admin_login(request):
    """The admin site's login (`KboAdminSite.login`). Signing in happens on the site's one sign-in
    page; a signed-in user whom the admin refused goes to the two-step page if that is what is
    missing, and is refused if they have no place in the admin."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if not twofactor.may_use_two_factor(request.user):
        raise PermissionDenied
    if twofactor.may_enter_admin(request):
        return redirect("admin:index")
    return redirect_to_login(next_url, reverse("two_factor"))


class TwoFactorView(AccessMixin, auth_views.RedirectURLMixin, FormView):
    """Turning two-step sign-in on (scan the QR code, confirm with a first code), verifying a
    session that began before it was on, and the way to turn it off."""

    template_name = "registration/two_factor.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not twofactor.may_use_two_factor(request.user):
            raise PermissionDenied
        self.device = twofactor.confirmed_device(request.user) or twofactor.pending_device(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("two_factor")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            enabled=self.device.confirmed, verified=self.request.user.is_verified(), next=self.get_redirect_url()
        )
        if not self.device.confirmed:
            context.update(qr_svg=twofactor.qr_svg(self.device), secret=twofactor.secret(self.device))
        return context

    def form_valid(self, form):
        if self.device.confirmed:
            messages.success(self.request, _("Code accepted."))
        else:
            twofactor.confirm(self.device)
            messages.success(
                self.request, _("Two-step sign-in is on. From now on KBO asks for a code after your password.")
            )
        django_otp.login(self.request, self.device)
        return redirect(self.get_success_url())


@require_POST
@login_required
def remove_two_factor(request):
    """Turning two-step sign-in off needs a session verified with a code."""
    if not (twofactor.may_use_two_factor(request.user) and request.user.is_verified()):
        raise PermissionDenied
    twofactor.remove_devices(request.user)
    messages.success(request, _("Two-step sign-in is off."))
    return redirect("two_factor")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    subject_template_name = "emails/password_reset_subject.txt"
    email_template_name = "emails/password_reset.txt"
