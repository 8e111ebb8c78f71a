"""Serving a test database through the shipped gunicorn configuration, as systemd would."""

import contextlib
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

from tests.ops.test_health import dead_port
from tests.security.http import HttpSession

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


@contextlib.contextmanager
def serving(url: str, tmp: Path, **settings: str):
    """gunicorn -c deploy/gunicorn.conf.py on ``url``; yields (base URL, port, log path).

    ``settings`` are environment variables the configuration reads (WEB_CONCURRENCY,
    THREADS, WORKER_TIMEOUT ...)."""
    port = dead_port()
    env = {
        **os.environ,
        "EXCHANGE_ENV_FILE": os.devnull,
        "EXCHANGE_CONFIG": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": url,
        "BIND": f"127.0.0.1:{port}",
        **settings,
    }
    for name in ("REDIS_URL", "MAIL_SERVER", "PROXY_COUNT"):
        env.pop(name, None)
    log_path = tmp / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log_path.read_text()
                try:
                    if HttpSession(base).get("/healthz").status == 200:
                        break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not answer in 60 s"
                    time.sleep(0.3)
            yield base, port, log_path
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
