"""How a reminder reaches its recipient: e-mail (plain text and HTML, in the recipient's language)
and LINE's Messaging API (a push message, only when KBO has a channel token and the recipient a
LINE user id). A delivery either succeeds or raises `Transient` (worth retrying) or `Permanent`."""

import json
import smtplib
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


class Transient(Exception):
    """The channel may work later: the server is down, busy or timed out."""


class Permanent(Exception):
    """Trying again will not help: the address is refused, the token is wrong."""


def render(message, recipient_name, kind="txt"):
    """The reminder as plain text (`txt`, also LINE's message) or HTML."""
    return render_to_string(f"emails/reminder.{kind}", {"message": message, "name": recipient_name})


def send_email(address, message, recipient_name):
    email = EmailMultiAlternatives(
        message.subject, render(message, recipient_name), settings.DEFAULT_FROM_EMAIL, [address]
    )
    email.attach_alternative(render(message, recipient_name, "html"), "text/html")
    try:
        email.send()
    except smtplib.SMTPResponseException as error:  # includes SMTPSenderRefused and SMTPDataError
        if 400 <= error.smtp_code < 500:
            raise Transient(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
        raise Permanent(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        if all(400 <= code < 500 for code in codes):
            raise Transient(f"SMTP recipient refused: {error.recipients!r}") from error
        raise Permanent(f"SMTP recipient refused: {error.recipients!r}") from error
    except (smtplib.SMTPException, OSError) as error:  # disconnected, refused, timed out
        raise Transient(f"SMTP: {error!r}") from error


def line_enabled():
    return bool(settings.LINE_CHANNEL_ACCESS_TOKEN)


def send_line(user_id, message, recipient_name, retry_key):
    """One push message. `retry_key` (X-Line-Retry-Key) makes a repeated push of the same reminder
    harmless: LINE answers 409 instead of delivering it twice."""
    text = render(message, recipient_name)
    request = urllib.request.Request(
        settings.LINE_API_URL.rstrip("/") + "/v2/bot/message/push",
        data=json.dumps({"to": user_id, "messages": [{"type": "text", "text": text[:5000]}]}).encode(),
        headers={
            "Authorization": f"Bearer {settings.LINE_CHANNEL_ACCESS_TOKEN}",
            "Content-Type": "application/json",
            "X-Line-Retry-Key": str(retry_key),
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.LINE_TIMEOUT_SECONDS):
            return
    except urllib.error.HTTPError as error:
        if error.code == 409:  # this retry key was accepted before: already delivered
            return
        detail = f"LINE {error.code}: {error.read(500).decode(errors='replace')}"
        if error.code == 429 or error.code >= 500:
            raise Transient(detail) from error
        raise Permanent(detail) from error
    except OSError as error:  # URLError, refused, timed out
        raise Transient(f"LINE: {error!r}") from error
