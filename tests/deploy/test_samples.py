"""The deployment samples agree with each other and with the app.

nginx must wait at least as long as gunicorn lets a worker stay silent, systemd and Docker
must give gunicorn's graceful shutdown time to finish an export, the proxy count must
match the one nginx, and every command a unit or container runs must exist.
"""

import re
import runpy
import shlex
from pathlib import Path

import pytest
import yaml
from dotenv import dotenv_values

from exchange import create_app

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def gunicorn():
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def seconds(value: str) -> int:
    """nginx / systemd durations: 300, 300s, 5min."""
    match = re.fullmatch(r"(\d+)\s*(s|sec|min|m)?", value.strip())
    assert match, value
    number, unit = int(match.group(1)), match.group(2) or "s"
    return number * 60 if unit in ("min", "m") else number


def unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit file: section -> key -> values (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def nginx_directives(text: str, block: str | None = None) -> dict[str, list[str]]:
    """Directives of the 443 server block, or of the location block named ``block``."""
    if block:
        text = text[text.index(f"location {block} {{") :]
        text = text[: text.index("}")]
    else:
        text = text[text.index("listen 443") :]
    found: dict[str, list[str]] = {}
    for statement in re.findall(r"^\s*([a-z_0-9]+)\s+([^;{]*);", text, flags=re.M):
        found.setdefault(statement[0], []).append(statement[1].strip())
    return found


def test_gunicorn_streams_with_threads_and_finishes_exports_on_restart(gunicorn):
    assert gunicorn["worker_class"] == "gthread" and gunicorn["threads"] >= 2
    assert gunicorn["wsgi_app"] == "exchange:create_app()"
    assert gunicorn["graceful_timeout"] >= gunicorn["timeout"]
    assert gunicorn["accesslog"] is None  # the app logs each request itself


def test_nginx_waits_for_gunicorn_streams_exports_and_forwards_the_client(gunicorn):
    text = (DEPLOY / "nginx" / "exchange.conf").read_text()
    server = nginx_directives(text)
    assert seconds(server["proxy_read_timeout"][0]) >= gunicorn["timeout"]
    assert seconds(server["proxy_send_timeout"][0]) >= gunicorn["timeout"]
    forwarded = dict(value.split(None, 1) for value in server["proxy_set_header"])
    assert forwarded["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"
    assert forwarded["X-Forwarded-Proto"] == "$scheme"
    assert "ssl_certificate" in server and any("ssl" in v for v in server["listen"])
    exports = nginx_directives(text, "/roster/export.")
    assert exports["proxy_buffering"] == ["off"]
    upstream = re.search(r"upstream exchange_app \{\s*server ([\d.]+:\d+);", text).group(1)
    assert upstream == gunicorn["bind"]


def test_nginx_refuses_what_the_app_would_refuse(tmp_path):
    server = nginx_directives((DEPLOY / "nginx" / "exchange.conf").read_text())
    size = server["client_max_body_size"][0]
    assert (
        size.endswith("m")
        and int(size[:-1]) * 1024 * 1024 == (create_app({}).config["MAX_CONTENT_LENGTH"])
    )


def test_env_example_matches_one_proxy_and_names_only_real_settings():
    values = dotenv_values(DEPLOY / ".env.example")
    assert values["PROXY_COUNT"] == "1"  # deploy/nginx/exchange.conf is one proxy
    assert values["EXCHANGE_CONFIG"] == "production"
    text = (DEPLOY / ".env.example").read_text()
    names = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.M))
    readers = (ROOT / "config.py").read_text() + (DEPLOY / "gunicorn.conf.py").read_text()
    readers += (ROOT / "exchange" / "__init__.py").read_text()
    unknown = {name for name in names if f'"{name}"' not in readers}
    assert not unknown - {"EXCHANGE_CONFIG"}, unknown


def test_systemd_units_run_gunicorn_and_the_jobs_on_time(gunicorn):
    units = {path.name: unit(path) for path in (DEPLOY / "systemd").iterdir()}
    web = units["exchange.service"]["Service"]
    assert web["ExecStart"][0].endswith("gunicorn -c deploy/gunicorn.conf.py")
    assert seconds(web["TimeoutStopSec"][0]) > gunicorn["graceful_timeout"]
    assert web["Environment"] == ["EXCHANGE_ENV_FILE=/etc/exchange/exchange.env"]
    schedules = {
        "exchange-advance.timer": "*-*-* 00:05:00 Asia/Shanghai",  # daily
        "exchange-remind.timer": "hourly",
        "exchange-backup.timer": "*-*-* 02:30:00 Asia/Shanghai",
    }
    for name, calendar in schedules.items():
        timer = units[name]["Timer"]
        assert timer["OnCalendar"] == [calendar] and timer["Persistent"] == ["true"]
        assert timer["Unit"][0] in units


def flask_commands() -> list[list[str]]:
    """The ``flask --app exchange ...`` commands the units and containers run."""
    commands = []
    for path in (DEPLOY / "systemd").glob("*.service"):
        for line in unit(path)["Service"].get("ExecStart", []):
            commands.append(shlex.split(line))
    for script in ("jobs.sh", "docker-entrypoint.sh"):
        for line in (DEPLOY / script).read_text().splitlines():
            if line.strip().startswith("flask "):
                commands.append(shlex.split(line.split("||")[0]))
    found = []
    for words in commands:
        if words and words[0].endswith("flask") and words[1:3] == ["--app", "exchange"]:
            found.append([w for w in words[3:] if not w.startswith(("-", "$"))])
    return found


def test_every_command_of_the_units_and_containers_exists(app):
    commands = flask_commands()
    names = {" ".join(c) for c in commands}
    assert {"postings advance", "remind", "backup", "wait-for-db", "db upgrade"} <= names
    runner = app.test_cli_runner()
    for command in commands:
        result = runner.invoke(args=[*command, "--help"])
        assert result.exit_code == 0, (command, result.output)


def test_compose_runs_app_postgresql_and_redis_with_the_dockerfile(gunicorn):
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"app", "db", "redis", "jobs"}
    app = services["app"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "@db:5432/" in app["environment"]["DATABASE_URL"]
    assert app["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert seconds(app["stop_grace_period"]) > gunicorn["graceful_timeout"]
    assert services["jobs"]["environment"]["EXCHANGE_MIGRATE"] == "0"
    assert services["jobs"]["command"] == ["deploy/jobs.sh"]

    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements/runtime.txt" in dockerfile
    assert "pybabel compile -d exchange/translations" in dockerfile
    assert 'ENTRYPOINT ["deploy/docker-entrypoint.sh"]' in dockerfile
    assert 'CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]' in dockerfile
    assert "/healthz" in dockerfile.split("HEALTHCHECK", 1)[1].split("\n\n")[0]
    # pg_dump in the app image must be at least the server's version.
    client = re.search(r"postgresql-client-(\d+)", dockerfile).group(1)
    server = re.match(r"postgres:(\d+)", services["db"]["image"]).group(1)
    assert int(client) >= int(server)
