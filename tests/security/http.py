"""A tiny HTTP client for tests against real servers, and a helper to run writers at once.

``HttpSession`` keeps every cookie it is given, ``Secure`` and ``__Host-`` ones included,
even over plain http: production cookies are Secure, and the scale-out test talks to
gunicorn on 127.0.0.1 without TLS (requests.Session would drop them). It follows no
redirects, so tests see the 302 of a login.
"""

import http.client
import re
import threading
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit


@dataclass
class Reply:
    status: int
    headers: dict
    text: str


class HttpSession:
    def __init__(self, base_url: str, remote_addr: str | None = None):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.extra_headers = {"X-Forwarded-For": remote_addr} if remote_addr else {}

    def request(self, method: str, path: str, form: dict | None = None) -> Reply:
        headers = dict(self.extra_headers)
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for cookie in response.msg.get_all("Set-Cookie") or []:
                self._keep(cookie)
            return Reply(response.status, dict(response.getheaders()), text)
        finally:
            connection.close()

    def _keep(self, set_cookie: str) -> None:
        name, _, rest = set_cookie.partition("=")
        value = rest.split(";", 1)[0]
        expired = "Max-Age=0" in set_cookie or "1970" in set_cookie
        if expired or not value:
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = value

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Reply:
        return self.request("POST", path, form)

    def csrf_token(self, path: str) -> str:
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(path).text)
        return match.group(1) if match else ""

    def post_form(self, path: str, form: dict, token_from: str | None = None) -> Reply:
        """POST with the CSRF token of the page ``token_from`` (default: ``path``), if any."""
        token = self.csrf_token(token_from or path)
        return self.post(path, {**form, **({"csrf_token": token} if token else {})})

    def login(self, username: str, password: str) -> Reply:
        return self.post_form("/login", {"username": username, "password": password})


def run_concurrently(count: int, work) -> list:
    """Call ``work(i)`` for i in range(count), each in its own thread, all released at once.

    Returns the results in order; an exception is returned in place of its result.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as error:  # reported by the caller's assertions
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
