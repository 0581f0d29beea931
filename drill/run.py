"""`make drill`: KBO on the day of the meeting, under load and under faults, with figures.

    make drill                                  # or: .venv/bin/python drill/run.py [options]
    make drill DRILL_ARGS="--minutes 0.5"       # a quick run while developing

Everything the drill uses is its own and listens on 127.0.0.1 only: a PostgreSQL cluster (initdb in a
temporary directory, on a spare port), a Redis, an SMTP server that keeps what it receives, KBO under
gunicorn as production runs it (bench/gunicorn.conf.py, two sync workers per core, DEBUG off,
persistent database connections of 60 s that are health-checked before reuse), and a Celery worker
with beat. No other server is touched, and everything is stopped and removed at the end, Ctrl-C
included.

Phases, each on a contest of its own (a committee of `--members` members with logins and
`--entries` entries on eight criteria, open for scoring):
1. steady: every member scores every entry on a phone (locust, drill/locustfile.py) for `--minutes`;
   "scoring closes in 48 hours" reminders fall due as the phase starts.
2. redis: the same, with Redis stopped for `--outage` seconds in the middle; the reminders fall due
   just after Redis stops.
3. worker: `--reminders` reminders fall due at once; the worker (and beat) is killed with SIGKILL
   once a fifth of them are sent, and a new one started. A claim whose worker died is taken back
   after REMINDER_CLAIM_TIMEOUT (20 s here).
4. postgres: the load of phase 1, with `pg_ctl restart -m fast` in the middle.

After each phase the drill compares what the clients were told with what the database holds:
*confirmed* scorecards (the server answered the submission with the meeting screen), *stored*
(submitted scorecards), *lost* (confirmed but not stored), *duplicates* (a second scorecard, or a
second submission of one, for a member and entry); and for the phase's contest the reminders *due*
(not cancelled by the rules because the member finished first), *sent*, the messages the SMTP server
*received*, and addresses that received more than one (delivery is at least once: a message in
flight when a worker dies may arrive twice). It prints a Markdown table, writes
drill/results/latest.json with the logs beside it, and exits 1 if a confirmed scorecard was lost, a
scorecard duplicated, a due reminder never sent, or any request answered with a 5xx.
"""

import argparse
import datetime
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import git_commit, manage, server_environment, wait_until_quiet  # noqa: E402
from kbo.core.servers import Gunicorn, PostgresCluster, RedisServer, SmtpSink, Worker, wait_for  # noqa: E402

BIN = Path(sys.executable).parent
RESULTS = ROOT / "drill" / "results"
CORES = len(os.sched_getaffinity(0))
WORKERS_PER_CORE = 2  # gunicorn's sync workers: a request waiting on the database leaves the core to another
RAMP_SHARE = 0.1  # members sign in over the first tenth of a phase, as they arrive at the meeting
WORK_SHARE = 0.7  # members finish their entries in about this share of the phase, then watch the screen
CLAIM_TIMEOUT_SECONDS = 20
WORKER_ENVIRONMENT = {
    "REMINDER_DISPATCH_SECONDS": "2", "REMINDER_PLAN_SECONDS": "60",
    "REMINDER_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT_SECONDS),
}
DRAIN_SECONDS = 180  # after a phase, for the reminders still due to go out
PHASES = ("steady", "redis", "worker", "postgres")
EXCEPTION_LINE = re.compile(r"^[\w.]+(Error|Exception): ")  # the last line of a traceback
FISCAL_YEAR = 2566  # each phase's contest has a year of its own (one committee per network and year)


def say(text):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {text}", flush=True)


@dataclass
class Row:
    """One phase's figures, as the table shows them."""

    phase: str
    fault: str = ""
    requests: int | None = None
    failures: int | None = None
    server_errors: int | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    confirmed: int | None = None
    stored: int | None = None
    lost: int | None = None
    duplicates: int | None = None
    reminders_due: int = 0
    reminders_sent: int = 0
    received: int = 0
    received_twice: int = 0
    details: dict = field(default_factory=dict)

    def problems(self):
        found = []
        if self.lost:
            found.append(f"{self.phase}: {self.lost} confirmed scorecard(s) lost")
        if self.duplicates:
            found.append(f"{self.phase}: {self.duplicates} duplicated scorecard(s)")
        if self.server_errors:
            found.append(f"{self.phase}: {self.server_errors} response(s) with a 5xx status")
        if self.details.get("exceptions"):
            found.append(f"{self.phase}: the members' script failed (drill/results/logs/{self.phase}/summary.json)")
        if self.reminders_sent < self.reminders_due:
            found.append(f"{self.phase}: {self.reminders_due - self.reminders_sent} due reminder(s) never sent")
        return found


# -- The drill ---------------------------------------------------------------------------------------


class Drill:
    """The servers, started in `prepare`, and the phases; `stack` stops everything however the run ends."""

    def __init__(self, options, folder, stack):
        self.options = options
        self.folder = folder
        self.stack = stack
        self.seconds = round(options.minutes * 60)
        self.fiscal_year = FISCAL_YEAR
        self.cluster = stack.enter_context(PostgresCluster())
        stack.callback(self.save_logs)  # once the servers below have stopped, before the cluster goes
        self.redis = RedisServer().start()
        stack.callback(self.redis.stop)
        self.smtp = stack.enter_context(SmtpSink())
        self.data = self.environment = self.server = self.worker = None

    def prepare(self):
        """The database migrated with the geography, then gunicorn (warmed up) and the worker."""
        url = self.cluster.create_database("kbo")
        var = self.folder / "var"
        # This script builds the contests with the test factories, with DEBUG on; the server and the
        # worker run with production settings.
        os.environ.update(DATABASE_URL=url, REDIS_URL=self.redis.url, DEBUG="1", KBO_VAR_DIR=str(var),
                          DJANGO_SETTINGS_MODULE="kbo.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from drill import data
        from kbo.geography.loading import load_geography

        self.data = data
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # the SMTP server's chatter
        call_command("migrate", verbosity=0)
        load_geography()
        self.environment = {
            **server_environment(url), "BENCHMARK": "0", "CONN_MAX_AGE": "60", "REDIS_URL": self.redis.url,
            "KBO_VAR_DIR": str(var),
        }
        manage("collectstatic", "--noinput", "--verbosity", 0, env=self.environment)  # DEBUG off serves hashed names
        self.server = Gunicorn(self.environment, self.folder / "gunicorn.log", config=ROOT / "bench" / "gunicorn.conf.py",
                               workers=WORKERS_PER_CORE * CORES)
        self.stack.callback(self.server.stop)
        self.server.start()
        for _ in range(4 * WORKERS_PER_CORE * CORES):  # every worker has loaded its templates and translations
            with urllib.request.urlopen(f"{self.server.url}/accounts/login/", timeout=60) as response:
                response.read()
        self.stack.callback(lambda: self.worker.stop())
        self.start_worker()
        say(f"PostgreSQL on port {self.cluster.port}, Redis on {self.redis.port}, SMTP on {self.smtp.port}, "
            f"gunicorn at {self.server.url} ({WORKERS_PER_CORE * CORES} sync workers), a Celery worker with beat.")

    def start_worker(self):
        environment = {**self.environment, **self.smtp.environment(), **WORKER_ENVIRONMENT}
        self.worker = Worker(environment, self.folder, beat=True, concurrency=CORES, name="kbo-drill").start()

    def save_logs(self):
        """The servers' logs and each phase's files, into drill/results/logs/ (replacing the last run's)."""
        logs = RESULTS / "logs"
        shutil.rmtree(logs, ignore_errors=True)
        logs.mkdir(parents=True)
        for path in self.folder.glob("*.log"):
            shutil.copy(path, logs)
        for name in PHASES:
            if (self.folder / name).is_dir():
                shutil.copytree(self.folder / name, logs / name)
        if self.cluster.folder:
            (logs / "postgresql.log").write_text(self.cluster.log())

    def next_year(self):
        self.fiscal_year += 1
        return self.fiscal_year

    # Phases

    def scoring(self, name, fault=None, remind_after=0):
        """A phase of scoring load on a new contest. `fault(started)` runs in this thread while locust
        works and returns what it did; the members still behind are reminded `remind_after` seconds
        into the phase."""
        contest = self.data.scoring_contest(self.next_year(), self.options.members, self.options.entries)
        folder = self.folder / name
        folder.mkdir()
        phase = {
            **self.data.phase_data(contest), "name": name,
            "think_seconds": self.seconds * WORK_SHARE / self.options.entries,
            "confirmed": str(folder / "confirmed.txt"), "summary": str(folder / "summary.json"),
        }
        (folder / "phase.json").write_text(json.dumps(phase))
        (folder / "confirmed.txt").touch()
        wait_until_quiet(timeout=10)  # the last phase's work, or the servers' start, is over
        first_message = len(self.smtp.messages)
        started = time.monotonic()
        self.data.remind_at(contest, datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=remind_after))
        say(f"{name}: {len(phase['members'])} members scoring {len(phase['entries'])} entries for {self.seconds} s")
        locust = self.locust(folder, len(phase["members"]))
        log_start = self.server.log_path.stat().st_size
        try:
            what = fault(started) if fault else "none"
            locust.wait(timeout=self.seconds + 120)
        finally:
            if locust.poll() is None:
                os.killpg(locust.pid, signal.SIGKILL)
                locust.wait()
        self.data.reconnect()
        if not (folder / "summary.json").exists():
            raise RuntimeError(f"locust wrote no summary; see {folder / 'locust.log'}")
        self.wait_for_reminders(contest)
        summary = json.loads((folder / "summary.json").read_text())
        confirmed = {(username, int(entry)) for username, entry in
                     (line.split() for line in (folder / "confirmed.txt").read_text().splitlines())}
        stored, lost, duplicates, unconfirmed = self.data.scorecard_figures(contest, confirmed)
        return Row(
            name, what, summary["requests"], summary["failures"],
            sum(count for status, count in summary["statuses"].items() if int(status) >= 500),
            summary["p50_ms"], summary["p95_ms"], summary["p99_ms"], len(confirmed), stored, lost, duplicates,
            **self.data.reminder_figures(contest, self.smtp.messages[first_message:]),
            details={"contest": contest.pk, "expected": len(phase["members"]) * len(phase["entries"]),
                     "stored_not_confirmed": unconfirmed, "server_errors_by_cause": self.server_errors(log_start),
                     **summary},
        )

    def locust(self, folder, users):
        ramp = max(1, self.seconds * RAMP_SHARE)
        command = [
            BIN / "locust", "--locustfile", ROOT / "drill" / "locustfile.py", "--headless", "--users", str(users),
            "--spawn-rate", f"{users / ramp:.2f}", "--run-time", f"{self.seconds}s", "--host", self.server.url,
            "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
        ]
        with open(folder / "locust.log", "w") as log:
            return subprocess.Popen(command, cwd=ROOT, env={**os.environ, "DRILL_PHASE": str(folder / "phase.json")},
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def server_errors(self, since):
        """{cause: count} of the server errors Django logged after byte `since` of gunicorn's output:
        each traceback's last exception line, without port numbers."""
        with open(self.server.log_path, encoding="utf-8", errors="replace") as log:
            log.seek(since)
            blocks = log.read().split("Internal Server Error: ")[1:]
        causes = Counter()
        for block in blocks:
            lines = [line for line in block.splitlines() if EXCEPTION_LINE.match(line)]
            causes[re.sub(r"port \d+", "port …", lines[-1]) if lines else "(no traceback)"] += 1
        return dict(causes)

    def wait_for_reminders(self, contest):
        try:
            wait_for(lambda: self.data.reminders_settled(contest), timeout=DRAIN_SECONDS, interval=0.5,
                     message="the phase's reminders")
        except AssertionError as error:  # the figures show what is missing
            say(str(error))

    def steady(self):
        return self.scoring("steady")

    def redis_outage(self):
        outage = min(self.options.outage, self.seconds / 3)
        stop_after = (self.seconds - outage) / 2
        back = {}

        def stop_redis(started):
            sleep_until(started + stop_after)
            self.redis.stop()
            say(f"redis: Redis stopped for {outage:.0f} s")
            sleep_until(started + stop_after + outage)
            self.redis.start()
            back["at"] = datetime.datetime.now(datetime.UTC)
            say("redis: Redis started again (empty: what was queued is lost)")
            return f"Redis stopped {outage:.0f} s"

        row = self.scoring("redis", stop_redis, remind_after=stop_after + min(5, outage / 2))
        first, last = self.data.sent_between(row.details["contest"])
        if first:
            after = [(moment - back["at"]).total_seconds() for moment in (first, last)]
            row.fault += f"; the reminders due in it sent {after[0]:.0f} to {after[1]:.0f} s after"
        return row

    def worker_killed(self):
        contest = self.data.reminder_batch(self.next_year(), self.options.reminders)
        due = self.data.reminder_figures(contest, [])["reminders_due"]
        first_message = len(self.smtp.messages)
        say(f"worker: {due} reminders due")
        wait_for(lambda: self.data.reminder_states(contest)["sent"] >= due // 5, timeout=120, interval=0.02,
                 message="the first fifth of the reminders")
        self.worker.kill()
        at_kill = self.data.reminder_states(contest)
        self.worker.stop()
        say(f"worker: killed (SIGKILL) with {at_kill['sent']} sent and {at_kill['sending']} claimed; a new one starts")
        self.start_worker()
        self.wait_for_reminders(contest)
        time.sleep(3)  # a message sent twice would arrive now
        return Row(
            "worker", f"worker killed at {at_kill['sent']}/{due} sent",
            **self.data.reminder_figures(contest, self.smtp.messages[first_message:]),
            details={"contest": contest.pk, "at_kill": dict(at_kill)},
        )

    def postgres_restart(self):
        def restart(started):
            sleep_until(started + self.seconds / 2)
            began = time.monotonic()
            self.cluster.restart()
            took = time.monotonic() - began
            say(f"postgres: pg_ctl restart -m fast took {took:.1f} s")
            return f"PostgreSQL restarted ({took:.1f} s)"

        return self.scoring("postgres", restart)


def sleep_until(moment):
    time.sleep(max(0, moment - time.monotonic()))


# -- Report ------------------------------------------------------------------------------------------


def cell(value):
    return "–" if value is None else f"{value:,.0f}"


def table(rows):
    lines = [
        "| phase | fault | requests | errors | 5xx | p50 ms | p95 ms | p99 ms | scorecards confirmed | stored | lost "
        "| duplicates | reminders due | sent | received | received twice |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row.phase} | {row.fault} | {cell(row.requests)} | {cell(row.failures)} | {cell(row.server_errors)} "
            f"| {cell(row.p50_ms)} | {cell(row.p95_ms)} | {cell(row.p99_ms)} | {cell(row.confirmed)} | {cell(row.stored)} "
            f"| {cell(row.lost)} | {cell(row.duplicates)} | {row.reminders_due} | {row.reminders_sent} | {row.received} "
            f"| {row.received_twice} |"
        )
    return "\n".join(lines)


def write_results(options, rows, problems):
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps({
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git": git_commit(), "cores": CORES, "options": vars(options),
        "phases": [vars(row) for row in rows], "problems": problems,
    }, indent=2, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5, help="length of each scoring phase (default 5)")
    parser.add_argument("--members", type=int, default=30, help="committee members scoring at once (default 30)")
    parser.add_argument("--entries", type=int, default=20, help="entries each member scores (default 20)")
    parser.add_argument("--outage", type=float, default=60, help="seconds Redis stays stopped (default 60)")
    parser.add_argument("--reminders", type=int, default=300, help="reminders in the worker's batch (default 300)")
    parser.add_argument("--phases", nargs="+", choices=PHASES, default=list(PHASES), help="phases to run, in order")
    options = parser.parse_args()
    missing = [tool for tool in ("redis-server", str(PostgresCluster.BIN / "initdb")) if shutil.which(tool) is None]
    if missing:
        sys.exit(f"make drill needs {' and '.join(missing)} (Debian: apt-get install redis-server postgresql-15)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop everything on the way out, as for Ctrl-C

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kbo-drill-")))
        drill = Drill(options, folder, stack)
        drill.prepare()
        run = {"steady": drill.steady, "redis": drill.redis_outage, "worker": drill.worker_killed,
               "postgres": drill.postgres_restart}
        rows = []
        for name in options.phases:
            rows.append(run[name]())
            say(f"{name}: done")
    problems = [problem for row in rows for problem in row.problems()]
    print(f"\n{CORES} cores; {options.members} members × {options.entries} entries; scoring phases of "
          f"{options.minutes:g} min.\n")
    print(table(rows))
    write_results(options, rows, problems)
    print(f"\nWritten to {(RESULTS / 'latest.json').relative_to(ROOT)} (logs in drill/results/logs/).")
    logged = [(row.phase, cause, count) for row in rows
              for cause, count in row.details.get("server_errors_by_cause", {}).items()]
    if logged:
        print("\nErrors the server logged (a request that lost its database connection before committing is "
              "logged, then run again: kbo/core/resilience.py; the 5xx column is what clients received):")
    for phase, cause, count in logged:
        print(f"{phase}: {count} × {cause}")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("make drill: interrupted")
