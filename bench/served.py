"""The benchmark app under gunicorn, as deployed: deploy/gunicorn.conf.py, production
configuration, a free port on 127.0.0.1, the benchmark database; and a small HTTP client.

The client keeps every cookie it is given (production's are ``Secure`` and ``__Host-``,
which a browser would not send over plain http; the server does not care).
"""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench import procmem
from bench.databases import CACHE, ROOT, Target
from bench.inprocess import BenchError, Download

GUNICORN = Path(sys.executable).with_name("gunicorn")
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
APP = "bench.app:create_bench_app()"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Session:
    """Cookies kept across requests, one connection per request, no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": self.cookie_header} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            connection.close()

    def login(self, username: str, password: str) -> None:
        _status, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        form = {"username": username, "password": password}
        if token:
            form["csrf_token"] = token.group(1)
        status, _text = self.request("POST", "/login", form)
        if status != 302:
            raise BenchError(f"logging in as {username!r} over HTTP failed ({status})")

    def download(self, path: str, worker_pids: list[int]) -> Download:
        """A streamed GET read to its end; memory growth is the most any worker grew."""
        growths = [procmem.Growth(pid) for pid in worker_pids]
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Cookie": self.cookie_header})
            response = connection.getresponse()
            if response.status != 200:
                raise BenchError(f"GET {path} over HTTP answered {response.status}")
            size = len(response.read(1))
            first_byte = time.perf_counter() - started
            while chunk := response.read(1 << 16):
                size += len(chunk)
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        memory = max((growth.bytes() for growth in growths), default=0)
        return Download(seconds, first_byte, size, memory)


@dataclass
class Gunicorn:
    """A running gunicorn; ``with Gunicorn.start(...) as server:`` stops it afterwards."""

    process: subprocess.Popen
    port: int
    log: Path

    @classmethod
    def start(cls, target: Target, name: str, *extra: str) -> "Gunicorn":
        port = free_port()
        env = {
            **os.environ,
            "EXCHANGE_ENV_FILE": os.devnull,
            "EXCHANGE_CONFIG": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": target.url,
            "BENCH_TODAY": target.today,
            "BIND": f"127.0.0.1:{port}",
        }
        for variable in ("REDIS_URL", "MAIL_SERVER", "PROXY_COUNT"):
            env.pop(variable, None)
        CACHE.mkdir(parents=True, exist_ok=True)
        log = CACHE / f"gunicorn-{name}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [str(GUNICORN), "-c", str(CONFIG), *extra, APP],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        server = cls(process, port, log)
        server._wait_until_ready()
        return server

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 90
        while True:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited; its log:\n{self.log.read_text()[-3000:]}")
            try:
                if Session(self.port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise BenchError(f"gunicorn did not answer in 90 s; see {self.log}")
            time.sleep(0.3)
        # The arbiter forks every worker at once; give the others time to load the app.
        time.sleep(2)

    def workers(self) -> list[int]:
        return procmem.children(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "Gunicorn":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
