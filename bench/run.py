"""`make bench`: KBO's pages on national-scale data, served as in production, against the floor.

    make bench                  # or: .venv/bin/python bench/run.py [--seconds 5] [--repeats 3] [--scale 1]

1. Database: DATABASE_URL when it names PostgreSQL, else postgres://postgres@127.0.0.1:5432/kbo_bench;
   created if missing, migrated, geography loaded, `seed_national --scale N` (idempotent: a second
   run reuses the data).
2. Server: `collectstatic`, then gunicorn with bench/gunicorn.conf.py (sync workers, one per core)
   on a free port of 127.0.0.1, DEBUG off, persistent database connections, BENCHMARK on (the
   floor pages under /bench/ and the `X-Queries` header).
3. Login: one session per persona over HTTP; every page is fetched twice to check its status and
   read its queries (`X-Queries`) and size.
4. Measure: wrk on 127.0.0.1, at 1 and 8 connections (documents at 1), a warm-up then a measured
   run, repeated, the floor pages and the real pages in turn so that drift hits both.
5. Report: a Markdown table of the medians with each page's ratio to the floor page and its target,
   and bench/results/latest.json. Exits 1 when a target is missed.
"""

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results" / "latest.json"
CORES = len(os.sched_getaffinity(0))  # gunicorn runs one sync worker per core (bench/gunicorn.conf.py)
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/kbo_bench"
CONNECTIONS = (1, 8)
WARM_UP_SECONDS = 1
DOCUMENT_SECONDS = 10  # a document may take seconds: each run times several
PAUSE_SECONDS = 0.5  # between runs, for the requests wrk abandoned at the end of the last one

# The targets. The scoring form and its POST: requests/s at 8 connections at least half the
# floor page's. The heavy pages: p50 at 1 connection at most 3 times the floor page's. Documents:
# p50 at 1 connection in seconds. Other pages are reported with their p50 ratio and no target.
THROUGHPUT_PAGES = {"scoring_form": 0.5, "scorecard_post": 0.5}
LATENCY_PAGES = {"progress_board": 3, "province_ranking": 3, "national_dashboard": 3, "national_ranking": 3}
DOCUMENT_SECONDS_TARGETS = {"score_sheet_pdf": 0.5, "province_excel": 1, "national_excel": 3}
FLOOR_REFERENCE = "floor_page"

# wrk's POST: the form body from the environment; the cookie and CSRF headers come with -H.
POST_SCRIPT = """\
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""


class BenchError(Exception):
    pass


# -- Database and data -----------------------------------------------------------------------------


def bench_database_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if urllib.parse.urlsplit(url).scheme in {"postgres", "postgresql"} else DEFAULT_DATABASE


def database_name(url):
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path.lstrip("/"))


def create_database(url):
    """CREATE DATABASE unless it exists, connected to the server's `postgres` database."""
    import psycopg2
    from psycopg2 import sql

    name = database_name(url)
    server = psycopg2.connect(urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres")))
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"Created the database {name}.")
    finally:
        server.close()


def manage(*args, env=None):
    subprocess.run([BIN / "python", "manage.py", *map(str, args)], cwd=ROOT, env=env, check=True)


def prepare_data(url, scale):
    """The database with national-scale data; returns seed_national's run time in seconds."""
    create_database(url)
    manage("migrate", "--noinput", "--verbosity", 0)
    manage("load_geography")
    started = time.monotonic()
    manage("seed_national", "--scale", f"{scale:g}")
    seconds = time.monotonic() - started
    print(f"seed_national --scale {scale:g}: {seconds:.1f} s")
    vacuum(url)
    return seconds


def vacuum(url):
    """VACUUM ANALYZE after the bulk load, as autovacuum would have done by the time production
    serves such data (a development server may run with autovacuum off)."""
    import psycopg2

    database = psycopg2.connect(url)
    database.autocommit = True
    try:
        with database.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    finally:
        database.close()


# -- Server ----------------------------------------------------------------------------------------


def server_environment(url):
    """Production settings, but plain HTTP on 127.0.0.1 and BENCHMARK on."""
    return {
        **os.environ,
        "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "BENCHMARK": "1", "CONN_MAX_AGE": "600",
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env):
    """gunicorn on a free port of 127.0.0.1, stopped however the block ends; yields its base URL."""
    manage("collectstatic", "--noinput", "--verbosity", 0, env=env)  # DEBUG off serves hashed names
    base = f"http://127.0.0.1:{free_port()}"
    command = [BIN / "gunicorn", "--config", ROOT / "bench" / "gunicorn.conf.py", "--bind", base[len("http://"):]]
    # A session of its own: Ctrl-C reaches only this script, which then stops gunicorn itself.
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_up(base, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/bench/floor/constant/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {timeout} s")


# -- Sessions and checks ---------------------------------------------------------------------------


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to check, not to follow


@dataclass
class Session:
    """One persona logged in over HTTP, with the cookies wrk sends for it."""

    base: str
    username: str
    jar: CookieJar = field(default_factory=CookieJar)

    def __post_init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirects)

    def cookie(self, name):
        return next((cookie.value for cookie in self.jar if cookie.name == name), "")

    def headers(self, method):
        """What wrk sends: the session and CSRF cookies (not a `messages` cookie left by a POST, which
        every request would show again), and for a POST the CSRF header."""
        headers = {"Cookie": f"sessionid={self.cookie('sessionid')}; csrftoken={self.cookie('csrftoken')}"}
        return {**headers, "X-CSRFToken": self.cookie("csrftoken")} if method == "POST" else headers

    def fetch(self, path, method="GET", data=None):
        """(status, headers, body), whatever the status."""
        body = urllib.parse.urlencode(data).encode() if method == "POST" else None
        headers = {"X-CSRFToken": self.cookie("csrftoken")} if method == "POST" else {}
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:  # 3xx, 4xx, 5xx
            with error:
                return error.code, error.headers, error.read()


def log_in(base, username, password):
    session = Session(base, username)
    status, _, body = session.fetch("/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None:
        raise BenchError(f"the login page answered {status}")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token[1].decode()}
    status, _, _ = session.fetch("/accounts/login/", "POST", form)
    if status != 302 or not session.cookie("sessionid"):
        raise BenchError(f"logging in as {username} failed ({status})")
    return session


@dataclass
class Target:
    """A page as the benchmark loads it: a real page of `bench_pages()` or a floor page."""

    name: str
    persona: str
    path: str
    method: str = "GET"
    data: dict = field(default_factory=dict)
    kind: str = "page"  # "page", "document" or "floor"
    queries: int = 0
    bytes: int = 0
    runs: dict = field(default_factory=dict)  # connections → [Run, …]

    @property
    def connections(self):
        return (1,) if self.kind == "document" else CONNECTIONS


def check(target, session):
    """Fetch twice (the first may fill a worker's caches): the status must be 200 (302 for a POST);
    record the fewer queries and the size in bytes."""
    expected = 302 if target.method == "POST" else 200
    queries = []
    for _ in range(2):
        status, headers, body = session.fetch(target.path, target.method, target.data)
        if status != expected:
            raise BenchError(f"{target.name} ({target.method} {target.path} as {target.persona}) answered {status}")
        queries.append(int(headers["X-Queries"]))
    target.queries, target.bytes = min(queries), len(body)


# -- Measuring -------------------------------------------------------------------------------------


@dataclass
class Run:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int


UNIT_MS = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}


def parse_wrk(output):
    """A Run from wrk's --latency report; an error for failed requests (statuses or timeouts)."""
    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M).groups()
        return float(value) * UNIT_MS[unit]

    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", output)
    if failed or (timeouts and int(timeouts[1])):
        raise BenchError(f"wrk saw failed requests:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output)[1])
    if requests == 0:
        raise BenchError(f"wrk completed no request:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    return Run(rate, latency(50), latency(99), requests)


def cpu_times():
    """(busy, total) jiffies of all cores, from /proc/stat."""
    user, nice, system, idle, iowait, *rest = map(int, Path("/proc/stat").read_text().split("\n")[0].split()[1:])
    return user + nice + system + sum(rest), user + nice + system + idle + iowait + sum(rest)


def cpu_busy(seconds):
    """The share of all cores in use over the next `seconds`."""
    busy, total = cpu_times()
    time.sleep(seconds)
    busy_after, total_after = cpu_times()
    return (busy_after - busy) / max(total_after - total, 1)


def wait_until_quiet(most=0.1, timeout=30):
    """Wait (up to `timeout` seconds) until at most `most` of the CPU is in use while the server idles:
    anything else running shares the cores with gunicorn, PostgreSQL and wrk, and shows in the numbers."""
    deadline = time.monotonic() + timeout
    share = cpu_busy(2)
    while share > most and time.monotonic() < deadline:
        share = cpu_busy(2)
    if share > most:
        print(f"Warning: {share:.0%} of the CPU is in use by other processes: the numbers will be noisy.")
    return round(share, 3)


def wrk(url, target, session, connections, seconds, script):
    command = ["wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{seconds}s",
               "--timeout", "30s", "--latency"]
    for name, value in session.headers(target.method).items():
        command += ["--header", f"{name}: {value}"]
    if target.method == "POST":
        command += ["--script", script]
    env = {**os.environ, "BENCH_BODY": urllib.parse.urlencode(target.data)}
    result = subprocess.run([*command, url + target.path], env=env, capture_output=True, text=True, check=True)
    return result.stdout


def schedule(groups, repeats):
    """(repeat, connections, target) in the order they run: each repetition goes through every number
    of connections, and for each through the groups in turn (the floor, then the real pages), so that
    drift over the run hits the floor and the pages alike."""
    for repeat in range(1, repeats + 1):
        for connections in CONNECTIONS:
            for targets in groups:
                for target in targets:
                    if connections in target.connections:
                        yield repeat, connections, target


def measure(base, groups, sessions, seconds, repeats):
    """Every run of the schedule, each after a warm-up run (documents after their checks' fetches:
    a warm-up cut off mid-document would leave a worker busy)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(POST_SCRIPT)
    try:
        for repeat, connections, target in schedule(groups, repeats):
            session = sessions[target.persona]
            if target.kind != "document":
                wrk(base, target, session, connections, WARM_UP_SECONDS, script.name)
                time.sleep(PAUSE_SECONDS)
            duration = DOCUMENT_SECONDS if target.kind == "document" else seconds
            run = parse_wrk(wrk(base, target, session, connections, duration, script.name))
            target.runs.setdefault(connections, []).append(run)
            print(f"  {repeat}/{repeats} {target.name:<20} c={connections}  {run.requests_per_second:8.1f} req/s  "
                  f"p50 {run.p50_ms:8.1f} ms  p99 {run.p99_ms:8.1f} ms", flush=True)
            time.sleep(PAUSE_SECONDS)
    finally:
        os.unlink(script.name)


# -- Report ----------------------------------------------------------------------------------------


def median_run(runs):
    return Run(*(statistics.median(getattr(run, name) for run in runs) for name in Run.__dataclass_fields__))


@dataclass
class Verdict:
    """How a page is judged: at which connections, its ratio to the floor page (of requests/s or
    of p50), and its target; `met` is None for a page without one."""

    connections: int | None = None
    ratio: float | None = None
    ratio_of: str = ""  # "requests/s" or "p50"
    target: str = ""
    met: bool | None = None

    def ratio_text(self):
        if self.ratio is None:
            return ""
        return f"{self.ratio:.0%} of req/s" if self.ratio_of == "requests/s" else f"{self.ratio:.1f}× p50"


def assess(target, medians, floor):
    """The Verdict on one target from its medians; `floor` maps connections → the floor page's."""
    if target.kind == "floor":
        return Verdict()
    if target.kind == "document":
        limit = DOCUMENT_SECONDS_TARGETS.get(target.name)
        return Verdict(1, target=f"p50 ≤ {limit} s", met=medians[1].p50_ms <= limit * 1000) if limit else Verdict()
    if target.name in THROUGHPUT_PAGES:
        least = THROUGHPUT_PAGES[target.name]
        share = medians[8].requests_per_second / floor[8].requests_per_second
        return Verdict(8, share, "requests/s", f"req/s ≥ {least:.0%} of floor", share >= least)
    most = LATENCY_PAGES.get(target.name)
    ratio = medians[1].p50_ms / floor[1].p50_ms
    return Verdict(1, ratio, "p50", f"p50 ≤ {most}× floor" if most else "", ratio <= most if most else None)


def report(targets, floor_reference, heading):
    """Print the Markdown table of the medians; return one JSON-ready dict per target."""
    floor = {connections: median_run(runs) for connections, runs in floor_reference.runs.items()}
    print(f"\n{heading}\n")
    print("| page | persona | connections | requests/s | p50 ms | p99 ms | queries | bytes | ratio to floor "
          "| target | met |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    rows = []
    for target in targets:
        medians = {connections: median_run(runs) for connections, runs in sorted(target.runs.items())}
        verdict = assess(target, medians, floor)
        for connections, median in medians.items():
            judged = connections == verdict.connections
            met = "" if not judged or verdict.met is None else "yes" if verdict.met else "**no**"
            print(f"| {target.name} | {target.persona} | {connections} | {median.requests_per_second:.1f} "
                  f"| {median.p50_ms:.1f} | {median.p99_ms:.1f} | {target.queries} | {target.bytes:,} "
                  f"| {verdict.ratio_text() if judged else ''} | {verdict.target if judged else ''} | {met} |")
        rows.append({
            "name": target.name, "persona": target.persona, "method": target.method, "path": target.path,
            "kind": target.kind, "queries": target.queries, "bytes": target.bytes,
            "median": {str(connections): asdict(run) for connections, run in medians.items()},
            "runs": {str(connections): [asdict(run) for run in runs] for connections, runs in target.runs.items()},
            **asdict(verdict),
        })
    return rows


def git_commit():
    def git(*args):
        return subprocess.run(["git", "--no-optional-locks", *args], cwd=ROOT, capture_output=True, text=True).stdout
    return {"commit": git("rev-parse", "HEAD").strip(), "dirty": bool(git("status", "--porcelain").strip())}


def write_results(rows, git, url, scale, seed_seconds, seconds, repeats, busy):
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git": git,
        "cores": CORES,
        "database": database_name(url),
        "scale": scale, "seed_seconds": round(seed_seconds, 1),
        "run": {"seconds": seconds, "document_seconds": DOCUMENT_SECONDS, "warm_up_seconds": WARM_UP_SECONDS,
                "repeats": repeats, "connections": CONNECTIONS},
        "cpu_busy_before": busy,
        "floor": [row for row in rows if row["kind"] == "floor"],
        "pages": [row for row in rows if row["kind"] != "floor"],
    }, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


# -- Main ------------------------------------------------------------------------------------------


def floor_targets(persona):
    return [Target(f"floor_{name}", persona, f"/bench/floor/{name}/", kind="floor")
            for name in ("constant", "page", "query")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="each measured run of a page (default 5)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per page and connections (default 3)")
    parser.add_argument("--scale", type=float, default=1, help="seed_national's --scale (default 1)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("make bench needs wrk: apt-get install wrk")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop gunicorn on the way out, as for Ctrl-C

    url = bench_database_url()
    os.environ.update(DATABASE_URL=url, DEBUG="1")  # this script and manage.py, not the server
    seed_seconds = prepare_data(url, options.scale)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbo.settings")
    import django

    django.setup()
    from contests.national_seed import BENCH_PASSWORD, bench_pages

    pages = [Target(page.name, page.username, page.path, page.method, page.data, page.kind) for page in bench_pages()]
    member = next((page.persona for page in pages if page.name == "scoring_form"), pages[0].persona)
    floor = floor_targets(member)  # the floor page as the committee member whose form it mirrors
    with gunicorn(server_environment(url)) as base:
        print(f"gunicorn at {base}: {CORES} sync workers on {CORES} cores")
        personas = {target.persona for target in floor + pages}
        sessions = {persona: log_in(base, persona, BENCH_PASSWORD) for persona in personas}
        for target in floor + pages:
            check(target, sessions[target.persona])
        busy = wait_until_quiet()
        measure(base, [floor, pages], sessions, options.seconds, options.repeats)
    reference = next(target for target in floor if target.name == FLOOR_REFERENCE)
    git = git_commit()
    heading = (f"Database {database_name(url)}, scale {options.scale:g}; {CORES} cores; "
               f"commit {git['commit'][:10]}{' with local changes' if git['dirty'] else ''}; medians of "
               f"{options.repeats} runs of {options.seconds} s (documents {DOCUMENT_SECONDS} s).")
    rows = report(floor + pages, reference, heading)
    write_results(rows, git, url, options.scale, seed_seconds, options.seconds, options.repeats, busy)
    judged = [row["met"] for row in rows if row["met"] is not None]
    print(f"{sum(judged)} of {len(judged)} targets met.")
    return 1 if options.strict and not all(judged) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"make bench: {error}")
    except KeyboardInterrupt:
        sys.exit("make bench: interrupted")
