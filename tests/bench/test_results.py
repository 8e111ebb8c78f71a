"""The benchmark's report: its Markdown tables, the files it writes, its ✓/✗ verdicts."""

from datetime import date

from bench import results as r


def timing(name, ms, scale=1.0, kind="sqlite", **extra):
    return r.Timing(kind, scale, name, ms, 21, **extra)


def a_run(roster_ms=10.0, admin_ms=30.0) -> r.Run:
    run = r.Run(
        machine={"CPU": "Test CPU", "cores": "2", "git commit": "abc1234"},
        scales=[0.1, 1.0],
        target_scale=1.0,
        databases={"sqlite": "SQLite files in bench/.cache: a.db, b.db"},
    )
    for scale in (0.1, 1.0):
        for name in r.LIST_PAGES:
            ms = roster_ms if name == r.ROSTER_FIRST else 15.0
            run.timings.append(
                timing(name, ms, scale, statements=5, sql_floor_ms=1.0, template_floor_ms=4.0)
            )
        run.timings.append(timing(r.DASHBOARD, 40.0, scale))
        run.timings.append(timing(r.POSTING, 6.0, scale))
        run.timings.append(timing(r.REPORT, 7.0, scale))
        for name in (r.ADMIN_FIRST, r.ADMIN_SEARCH, r.ADMIN_DEEP):
            run.timings.append(timing(name, admin_ms, scale))
    for name, seconds in ((r.CSV, 0.5), (r.XLSX, 1.5)):
        run.exports.append(
            r.Export("sqlite", 1.0, name, r.OVER_HTTP, 100_000, seconds, 0.05, 20 * r.MB, 3)
        )
    run.loads.append(r.Load("sqlite", 1.0, r.LOAD_OURS, 3000, 0, 15.0, 10.0, 30.0))
    run.loads.append(r.Load("sqlite", 1.0, r.LOAD_ADMIN, 1000, 0, 15.0, 30.0, 90.0))
    return run


def test_a_run_that_meets_every_target_has_no_cross():
    checks = r.checks(a_run())
    assert checks and all(check.ok for check in checks), [c for c in checks if not c.ok]


def test_a_slow_roster_is_a_cross_with_its_figure():
    run = a_run(roster_ms=20.0)
    found = {check.label: check for check in r.checks(run)}
    first = found[f"{r.ROSTER_FIRST} ≤ 13.5 ms"]
    assert first.ok is False and first.mark == "✗" and "20.0 ms" in first.figure
    assert found[f"{r.ROSTER_FIRST} ≤ ½ Flask-Admin's"].ok is False
    assert found[f"{r.ROSTER_FIRST} ≤ 20 ms"].ok is True


def test_a_page_that_grows_with_the_data_is_not_flat():
    run = a_run()
    run.timing("sqlite", 1.0, r.CADRES).ms = 19.0  # 15 ms at 0.1: +27%
    found = {check.label: check for check in r.checks(run)}
    assert found[f"{r.CADRES} flat, scale 0.1 → 1"].ok is False
    assert found[f"{r.AUDIT} flat, scale 0.1 → 1"].ok is True


def test_targets_are_not_checked_where_the_target_scale_did_not_run():
    run = a_run()
    run.target_scale = 10.0
    (check,) = r.checks(run)
    assert check.ok is None and check.mark == "–"


def test_the_report_names_the_machine_and_has_one_row_a_page(tmp_path):
    text = r.markdown(a_run(), day=date(2026, 11, 26))
    assert text.startswith("# make bench, 2026-11-26")
    assert "- CPU: Test CPU" in text and "- git commit: abc1234" in text
    assert "SQLite files in bench/.cache" in text
    header = next(line for line in text.splitlines() if line.startswith("| page | ms, scale"))
    assert header.count("|") == 9  # page, two scales, five columns at scale 1: 8 cells
    row = next(line for line in text.splitlines() if line.startswith(f"| {r.ROSTER_FIRST} |"))
    assert "| 10.0 | 10.0 | 21 | 5 | 1.0 | 4.0 | 2.0× |" in row
    assert "| roster CSV | HTTP, gunicorn (shipped config) | 1 | 100,000 | 0.50 | 200,000 |" in text
    assert f"- ✓ {r.ROSTER_FIRST} ≤ 13.5 ms: 10.0 ms" in text


def test_the_report_is_written_per_database_and_as_latest(tmp_path):
    run = a_run()
    run.databases["postgresql"] = "PostgreSQL databases: bench_s1"
    written = r.write(run, tmp_path, date(2026, 11, 26))
    assert [p.name for p in written] == [
        "2026-11-26-sqlite.md",
        "2026-11-26-postgresql.md",
        "latest.md",
    ]
    sqlite = (tmp_path / "2026-11-26-sqlite.md").read_text()
    assert "## SQLite: pages" in sqlite and "## PostgreSQL" not in sqlite
    latest = (tmp_path / "latest.md").read_text()
    assert "## SQLite: pages" in latest and "## PostgreSQL: pages" in latest
