"""Gunicorn settings for Exchange: ``.venv/bin/gunicorn -c deploy/gunicorn.conf.py``.

Run it from the checkout (the systemd unit and the Dockerfile do). Every value can be
changed from the environment (or the ``.env`` file the app reads; see deploy/.env.example).

Why threads (``gthread``) and these timeouts: the roster exports stream their rows, and a
100,000-row XLSX takes about 2 s on an idle machine (bench/results), far longer on a busy
one, over a slow link or for a larger region. A *sync* worker cannot report to the
arbiter while it writes a response, so after
``timeout`` seconds (30 by default) the arbiter kills it in mid-download: the browser has
already received "200 OK" and keeps a truncated, unopenable file. A gthread worker's main
loop keeps reporting while its threads stream, so ``timeout`` only catches a worker that
is truly stuck. ``graceful_timeout`` lets a running export finish during a restart;
systemd's ``TimeoutStopSec`` (deploy/systemd/exchange.service) and nginx's
``proxy_read_timeout`` (deploy/nginx/exchange.conf) are set to agree with them, and a
test checks that they do (tests/deploy/test_samples.py).
"""

import multiprocessing
import os
from pathlib import Path

from dotenv import load_dotenv

# The same settings file as the app (BIND, WEB_CONCURRENCY ... may be set there too).
load_dotenv(os.environ.get("EXCHANGE_ENV_FILE") or Path(__file__).parents[1] / ".env")

wsgi_app = "exchange:create_app()"
bind = os.environ.get("BIND", "127.0.0.1:8000")

worker_class = "gthread"
# Two workers per core is plenty: each has THREADS threads for slow clients and exports.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("THREADS", 4))

# A worker that has not reported for this long is stuck and is replaced.
timeout = int(os.environ.get("WORKER_TIMEOUT", 120))
# On restart (HUP, deploy), requests in progress (a long export) get this long to finish.
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", 300))
keepalive = 5  # seconds; nginx keeps upstream connections open (keepalive in the sample)

# Replace each worker now and then, so that a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200

# The app writes one line per request itself (request id, user, status, duration):
# no gunicorn access log; gunicorn's own messages go to stderr (journald, docker logs).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The client's address and scheme come from the app (PROXY_COUNT), not from gunicorn.
forwarded_allow_ips = "127.0.0.1"
proc_name = "exchange"
