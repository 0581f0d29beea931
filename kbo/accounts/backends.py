"""KBO's authentication backend: Django's, with two additions.

- The demo and benchmark seeds create accounts whose password is published (`User.is_demo`).
  They sign in only where the seeds belong: a development machine (DEBUG) or `make bench`
  (BENCHMARK). On a production server they are refused like a wrong password, and a session
  they already hold ends.
- The signed-in user comes with whether they have a confirmed two-step device, which the admin
  site asks on every page (kbo/accounts/twofactor.py): one query instead of two.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from kbo.accounts.models import User


def demo_accounts_allowed():
    return settings.DEBUG or settings.BENCHMARK


class KboBackend(ModelBackend):
    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and (not user.is_demo or demo_accounts_allowed())

    def get_user(self, user_id):
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        user = User._default_manager.annotate(has_two_factor_device=Exists(devices)).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
