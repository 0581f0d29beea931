"""Times N reminders (1,000 by default) through the real machinery: PostgreSQL, Redis, a Celery
worker with beat in its own process (one pool process per core), and an SMTP server on 127.0.0.1.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbo REDIS_URL=redis://127.0.0.1:6379/0 \\
        make bench-reminders        # or: .venv/bin/python bench/reminders.py [N]

It builds a throw-away database (the test database's name, dropped at the end), a contest whose
scoring closes in an hour with N members behind (so N reminders fall due at once), starts the
worker and waits until every reminder is sent. It prints the wall time from the worker's start,
the sending time (first claim to last delivery), the messages the SMTP server received and any
recipient who got more than one.
"""

import datetime
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbo.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.utils import timezone  # noqa: E402

from contests.models import Juror  # noqa: E402
from contests.reminders import rules  # noqa: E402
from contests.reminders.enums import State  # noqa: E402
from contests.reminders.models import Reminder  # noqa: E402
from kbo.core.servers import SmtpSink, Worker, postgres_url, wait_for  # noqa: E402
from contests.tests.factories import contest_with_panel  # noqa: E402
from kbo.accounts.models import User  # noqa: E402
from kbo.geography.loading import load_geography  # noqa: E402

REDIS_DB = 12
logging.getLogger("mail.log").setLevel(logging.WARNING)  # the SMTP server's chatter


def build(count):
    closes = timezone.now() + datetime.timedelta(hours=1)
    contest = contest_with_panel(members=1, entries=1, scoring_closes_at=closes)
    users = User.objects.bulk_create(
        User(username=f"bench-{number:05d}", email=f"bench-{number:05d}@example.org", first_name="กรรมการ",
             last_name=f"ทดสอบ {number}")
        for number in range(2, count + 1)
    )
    Juror.objects.bulk_create(
        Juror(contest=contest, user=user, name=user.get_full_name(), seat=seat)
        for seat, user in enumerate(users, start=2)
    )
    rules.sync_contest(contest)
    return Reminder.objects.filter(state=State.PENDING).count()


def main(count):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the benchmark runs on the real services.")
    broker = urlunsplit(urlsplit(settings.REDIS_URL)._replace(path=f"/{REDIS_DB}"))
    redis.Redis.from_url(broker).flushdb()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_geography()
        due = build(count)
        print(f"{due} reminders due; {os.cpu_count()} cores")
        with SmtpSink() as smtp, tempfile.TemporaryDirectory() as folder:
            environment = {
                "DATABASE_URL": postgres_url(), "REDIS_URL": broker, "KBO_VAR_DIR": folder,
                "REMINDER_DISPATCH_SECONDS": "1", "REMINDER_PLAN_SECONDS": "3600", **smtp.environment(),
            }
            worker = Worker(environment, folder, beat=True, concurrency=os.cpu_count()).start()
            started = time.monotonic()
            try:
                wait_for(lambda: Reminder.objects.filter(state=State.SENT).count() == due, timeout=600, interval=0.2)
                wall = time.monotonic() - started
                time.sleep(3)  # anything sent twice would arrive now
            finally:
                worker.stop()
            times = Reminder.objects.aggregate(first=Min("claimed_at"), last=Max("sent_at"))
            sending = (times["last"] - times["first"]).total_seconds()
            received = Counter(address for addresses, _message in smtp.messages for address in addresses)
        twice = sorted(address for address, times_received in received.items() if times_received > 1)
        print("| reminders | wall time from worker start | sending (first claim → last sent) | per second | "
              "messages received | received twice |")
        print("|---:|---:|---:|---:|---:|---:|")
        print(f"| {due} | {wall:.1f} s | {sending:.1f} s | {due / sending:.0f} | {sum(received.values())} | "
              f"{len(twice)} |")
        if twice or sum(received.values()) != due:
            sys.exit("Some reminder was lost or sent twice.")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
