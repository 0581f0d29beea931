"""Two-step sign-in with an authenticator app (TOTP, django-otp).

Whoever may use the admin may turn it on (`may_use_two_factor`). Once a user has a confirmed
device, signing in asks for the app's 6-digit code after the password, and a session counts as
verified (django-otp's `user.is_verified()`) only after a code. The admin site lets a user with a
device in only with a verified session, and everyone only so when ADMIN_REQUIRE_2FA is on.
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "KBO"


def may_use_two_factor(user):
    return user.is_active and user.is_staff_member


def has_device(user):
    """Whether the user has a confirmed device; the signed-in user already carries the answer
    (KboBackend.get_user)."""
    known = getattr(user, "has_two_factor_device", None)
    if known is not None:
        return known
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def may_enter_admin(request):
    """The admin site's two-step condition for this session."""
    if request.user.is_verified():
        return True
    return not settings.ADMIN_REQUIRE_2FA and not has_device(request.user)


def pending_device(user):
    """The device being set up: a new secret until the user confirms it with a first code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret(device):
    """The key as an authenticator app takes it when typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_svg(device):
    """The device's otpauth:// address as an inline SVG QR code (no image file, no script)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def confirm(device):
    device.confirmed = True
    device.save(update_fields=["confirmed"])


def remove_devices(user):
    TOTPDevice.objects.filter(user=user).delete()
