"""gunicorn as production would run KBO, for `make bench` (bench/run.py adds the address and the
environment: DEBUG off, BENCHMARK on, persistent database connections)."""

import os
from pathlib import Path

wsgi_app = "kbo.wsgi"
chdir = str(Path(__file__).resolve().parents[1])
worker_class = "sync"
workers = len(os.sched_getaffinity(0))  # one sync worker per core
timeout = 60  # the national Excel takes seconds; anything near a minute is a failure
accesslog = None  # a log line per request would be part of what is measured
errorlog = "-"
loglevel = "warning"
control_socket_disable = True  # gunicorn 27's control socket is a fixed path per user: not needed here
