"""The committee on their phones, for `make drill` (drill/run.py starts locust with this file).

Each simulated user is one committee member of the phase's contest (DRILL_PHASE names a JSON file:
the server, the members' usernames and password, the contest, its entries and criteria, the think
time, and where to write). A member signs in, then works through their entries in presentation
order: opens the scoring form, types for a while (the page saves a draft as JSON half-way), submits,
and returns to the meeting screen. A member who has scored everything keeps the meeting screen open,
whose "now presenting" fragment the phone re-reads every 3 seconds, until the phase ends.

A request that fails for the server's sake (no answer, or a 5xx) is tried again after a pause, as a
member would tap again: the same scores, so a submission that was stored but not confirmed is
confirmed by the retry (KBO answers a repeated submission of the same values as a success). Each
submission the server confirmed (302 to the meeting screen) is written at once to the `confirmed`
file, one "username entry-id" line each; at the end locust's figures and the count of answers by
status go to the `summary` file.
"""

import json
import os
import random
import re
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, events, task
from locust.exception import StopUser

PHASE = json.loads(Path(os.environ["DRILL_PHASE"]).read_text())
ORDER = list(PHASE["members"])  # each simulated user takes the next member
STATUSES = Counter()
RETRY_SECONDS = 1
RETRY_FOR_SECONDS = 120  # a member gives up on a request after two minutes of failures
POLL_SECONDS = 3  # the meeting screen's "now presenting" fragment (templates/contests/_now_presenting.html)
TIMEOUT_SECONDS = 30


def failed_for_the_server(response):
    """No answer at all, or a server error: worth trying again."""
    return response.status_code in (0, None) or response.status_code >= 500


def points(max_points, rng):
    """Half points from half to full marks, as a member taps them."""
    top = int(Decimal(max_points) * 2)
    return str(Decimal(rng.randint(top // 2, top)) / 2)


class Member(HttpUser):
    wait_time = staticmethod(lambda: 0)  # each task paces itself: the member's thinking is part of it

    def on_start(self):
        self.username = ORDER.pop(0)
        self.rng = random.Random(f"{PHASE['name']} {self.username}")
        self.entries = list(PHASE["entries"])
        self.home = f"/contests/score/{PHASE['contest']}/"
        self.log_in()

    def fetch(self, method, path, name, expected, **kwargs):
        """The request, tried again while the server fails; returns the last response."""
        deadline = time.monotonic() + RETRY_FOR_SECONDS
        while True:
            with self.client.request(method, path, name=name, catch_response=True, allow_redirects=False,
                                     timeout=TIMEOUT_SECONDS, **kwargs) as response:
                if response.status_code in expected:
                    response.success()
                else:
                    response.failure(f"{response.status_code or 'no answer'}")
            if not failed_for_the_server(response) or time.monotonic() > deadline:
                return response
            time.sleep(RETRY_SECONDS)

    def post(self, path, name, expected, data, **kwargs):
        token = self.client.cookies.get("csrftoken", "")
        return self.fetch("POST", path, name, expected, data={**data, "csrfmiddlewaretoken": token},
                            headers={"X-CSRFToken": token, **kwargs.pop("headers", {})}, **kwargs)

    def log_in(self):
        self.fetch("GET", "/accounts/login/", "sign-in page", {200})
        response = self.post("/accounts/login/", "sign in", {302},
                             {"username": self.username, "password": PHASE["password"]})
        if response.status_code != 302:
            raise StopUser()

    def think(self, share):
        time.sleep(PHASE["think_seconds"] * share * self.rng.uniform(0.7, 1.3))

    @task
    def next_step(self):
        if not self.entries:
            self.fetch("GET", f"{self.home}now/", "now presenting (every 3 s)", {200})
            time.sleep(POLL_SECONDS)
            return
        entry = self.entries.pop(0)
        path = f"/contests/score/entries/{entry}/"
        self.fetch("GET", path, "scoring form", {200})
        scores = {f"criterion_{pk}": points(max_points, self.rng) for pk, max_points in PHASE["criteria"]}
        self.think(0.5)
        half = dict(list(scores.items())[: len(scores) // 2])
        self.post(path, "draft (JSON)", {200}, {**half, "action": "save"}, headers={"Accept": "application/json"})
        self.think(0.5)
        submitted = {**scores, "advice": f"ข้อเสนอแนะจาก {self.username}", "action": "submit"}
        response = self.post(path, "submit", {302}, submitted)
        if response.status_code == 302 and urlsplit(response.headers["Location"]).path == self.home:
            with open(PHASE["confirmed"], "a") as confirmed:
                confirmed.write(f"{self.username} {entry}\n")
            self.fetch("GET", self.home, "meeting screen", {200})


def one_line(error):
    return re.sub(r"\s+", " ", str(error))


@events.request.add_listener
def count_status(response=None, **kwargs):
    STATUSES[getattr(response, "status_code", None) or 0] += 1


@events.quitting.add_listener
def write_summary(environment, **kwargs):
    total = environment.stats.total
    by_name = {
        name: {"requests": entry.num_requests, "failures": entry.num_failures,
               "p50_ms": entry.get_response_time_percentile(0.5), "p95_ms": entry.get_response_time_percentile(0.95)}
        for (name, _method), entry in sorted(environment.stats.entries.items())
    }
    with open(PHASE["summary"], "w") as summary:
        json.dump({
            "requests": total.num_requests, "failures": total.num_failures,
            "p50_ms": total.get_response_time_percentile(0.5), "p95_ms": total.get_response_time_percentile(0.95),
            "p99_ms": total.get_response_time_percentile(0.99), "max_ms": total.max_response_time,
            "statuses": {str(status): count for status, count in sorted(STATUSES.items())},
            "errors": {f"{error.method} {error.name}: {one_line(error.error)}": error.occurrences
                       for error in environment.stats.errors.values()},
            "exceptions": [{"count": exception["count"], "message": exception["msg"], "traceback": exception["traceback"]}
                           for exception in environment.runner.exceptions.values()],
            "by_request": by_name,
        }, summary, indent=2)
