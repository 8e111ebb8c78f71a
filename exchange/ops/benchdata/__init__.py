"""``flask --app exchange bench-data --scale N``: a realistic region to benchmark against.

At scale 1 (``generate(1.0)``) the region has, for ten years of exchanges (postings
starting from 2017-01-01 up to nine months after today, ``exchange.clock.today()``):

- 60 districts of the Chengdu–Chongqing region (两江新区, 四川天府新区, 成都经开区, 渝中区
  …, real names), each with 50 departments (its organisation department first);
- programmes in two rounds (from 2017 and from 2020, windows wide enough for every
  term), each round putting every district in one group of 2–6 members: about 30
  programmes. A quota per direction (what the postings use plus a little room, so some
  are full), the demo's kind of term rules (initial term 6 or 12 to 24 months, one
  extension of at most 6 months, 72 months in a career, 180 or 365 days between two
  postings), reports monthly (60 % of the programmes) or every 3 months, the demo's
  leave tiers, an attendance rule (sheets due on the 5th or the 10th);
- 50,000 cadres with Chinese names (surnames × common given names, so names repeat;
  pinyin keys computed once per name) and 100,000 postings: 0–3 per cadre, a year apart
  at least, terms of 12 months (half), 24, 18 or in between. Statuses as of today
  exactly as ``flask postings advance`` leaves them (running it changes nothing):
  postings still to start are proposed or accepted (a few declined or cancelled); the
  others are in post, completed, ended early (3 %: an agreed 提前结束/召回 request applied
  on the last day; one agreed for a day still ahead keeps the posting in post with the
  request not yet applied), or were declined or cancelled before the start (3 % each).
  About 4 % were extended (the agreed request and its ``extension`` row, agreed weeks
  before the first planned end, so the roster of an earlier day shows the end then in
  force); 2 % of those in post have a request waiting for consent, 1.5 % of the
  completed ones an extension refused or withdrawn;
- accounts: ``admin``, ``hr.<district code>`` per district (``hr.liangjiang`` …), four
  leaders (``leader``, ``leader.cq``, ``leader.sc``, ``leader.office``) and an official
  account for each cadre with an agreed posting (they write the reports; about 46,000),
  named ``<pinyin><cadre id>``; one password for all, hashed once (the configuration's
  ``DEMO_PASSWORD`` unless ``generate`` is given one);
- about 1,000,000 ``reflection_log`` rows: each due period of a started posting
  (``exchange.reports.schedule.due_periods``) has its report on time (80 %), late
  (12 %) or missing (8 %, a quarter of those with a draft); periods ending within a
  month have a draft 40 % of the time; 1.5 % of the reports have a revised version
  (``parent_id``); about one reflection a year in post. 8 % of the submitted reports
  carry an HR comment, 2 % a leader's remark (``comment``, about 100,000);
- leave for 20 % of the postings that started (1–3 each, 1–10 working days; the
  approval chain its length asks for, every step; its status follows its dates:
  returned, declined, withdrawn, approved or pending): about 33,000 requests;
- attendance sheets for each month in post of the last 12 (about 135,000): submitted by
  the host's HR on time or late, some missing or drafts, the month's granted leave
  filled in. Working days count the holiday table the migrations fill.

- talks (谈心谈话) by each side for each period of the last twelve months in post
  (the host every quarter, the home side every half-year): 85 % of past periods had one,
  40 % of current ones have had one so far (about 70,000).

- the audit trail of each posting's life, as the posting services record it: proposed by
  the home side's HR, accepted or declined by the host's, cancelled, started and completed
  by the daily job (about 350,000 events). The audit log then lists a region's events.

Not generated: the audit events of reports, leave and the rest (one ``bench.generate``
event says what was made), appraisals, attachments, notifications, imports. Every size but the district count (at
least 6, 60 from scale 1) and the departments per district (4 to 50) is proportional to
the scale; the same seed gives the same rows on the same day.

Rows go in by bulk inserts of tuples on the session's connection (``writer.py``), ids
chosen here; PostgreSQL's sequences are moved past them afterwards. The command runs
the migrations itself on a database without tables, and refuses one that lacks a table
of the models (not migrated) or already holds districts, cadres, postings or accounts.
"""

import random
import sys
from dataclasses import dataclass

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from exchange.audit.services import record
from exchange.auth.passwords import hash_password
from exchange.clock import today
from exchange.extensions import db
from exchange.ops.benchdata import activity, postings, region
from exchange.ops.benchdata.writer import BulkWriter, Progress
from exchange.postings import tally
from exchange.reports import filing, gaps

CADRES, POSTINGS = 50_000, 100_000  # at scale 1
#: Rows at scale 1 (a run's totals, rounded): the progress bar's length.
ROWS_AT_SCALE_1 = 3_100_000
CHUNK = 2_000  # postings whose activity is written together
#: The big tables, whose foreign keys PostgreSQL checks once after loading them.
LOADED = (
    "cadre",
    "cadre_gram",
    "user_account",
    "posting",
    "reflection_log",
    "comment",
    "leave_request",
    "leave_approval",
    "attendance_sheet",
    "talk",
    "audit_event",
)
#: Tables that show the database already holds a region (demo, real or generated).
OCCUPIED = ("district", "cadre", "posting", "user_account")


class NotEmpty(RuntimeError):
    """The database already holds data; generated rows must not mix with it."""


def refuse_unless_empty(connection: sa.Connection) -> None:
    for name in OCCUPIED:
        table = db.metadata.tables[name]
        if connection.scalar(sa.select(sa.func.count()).select_from(table)):
            raise NotEmpty(
                f"The database already holds data (table {name} is not empty); "
                "bench-data fills an empty, migrated database only."
            )


@dataclass
class _Run:
    rng: random.Random
    writer: BulkWriter
    region: region.Region
    password_hash: str


def _structure(run: _Run) -> None:
    rng, write, plan = run.rng, run.writer.insert, run.region
    write("district", region.DISTRICT_COLUMNS, region.district_rows(plan))
    write("department", region.DEPARTMENT_COLUMNS, region.department_rows(plan))
    write("programme", region.PROGRAMME_COLUMNS, region.programme_rows(rng, plan))
    write("programme_district", ("programme_id", "district_id"), region.member_rows(plan))
    write(
        "term_rule",
        ("id", "programme_id", "kind", "value", "source"),
        region.term_rule_rows(rng, plan),
    )
    write(
        "leave_tier",
        ("id", "programme_id", "up_to_days", "first_approver", "second_approver")
        + ("third_approver", "source"),
        region.leave_tier_rows(plan),
    )
    write(
        "attendance_rule",
        ("id", "programme_id", "due_day", "due_source", "min_presence_percent")
        + ("presence_source",),
        region.attendance_rule_rows(plan),
    )
    write(
        "talk_rule",
        ("id", "programme_id", "side", "every_months", "source"),
        region.talk_rule_rows(plan),
    )
    write("user_account", region.USER_COLUMNS, region.staff_rows(plan, run.password_hash))


def _people_and_postings(
    run: _Run, scale: float
) -> tuple[list[postings.PostingPlan], dict[int, int]]:
    """The cadres, their accounts and postings; returns the postings and cadre → account."""
    rng, write, plan = run.rng, run.writer.insert, run.region
    cadres = region.plan_cadres(rng, plan, max(1, round(CADRES * scale)))
    plans = postings.plan_postings(rng, plan, cadres, round(POSTINGS * scale))
    write("cadre", region.CADRE_COLUMNS, (region.cadre_row(rng, c) for c in cadres))
    write("cadre_gram", ("gram", "cadre_id"), region.gram_rows(cadres))
    first_official = max(plan.leader_ids) + 1
    accounts = postings.accounts_for(plans, first_official)
    names = {c.id: c.name for c in cadres}
    write(
        "user_account",
        region.USER_COLUMNS,
        region.official_rows(accounts, names, run.password_hash),
    )
    write("quota", postings.QUOTA_COLUMNS, postings.quota_rows(rng, plan, plans))
    write("posting", postings.POSTING_COLUMNS, postings.posting_rows(rng, plan, plans))
    changes, extensions = postings.change_rows(plan, plans)
    write("term_change_request", postings.CHANGE_COLUMNS, changes)
    write("extension", postings.EXTENSION_COLUMNS, extensions)
    audit = db.metadata.tables["audit_event"]
    after = run.writer.connection.scalar(sa.select(sa.func.max(audit.c.id))) or 0
    write("audit_event", postings.AUDIT_COLUMNS, postings.audit_rows(plan, plans, after + 1))
    return plans, accounts


def _activity(run: _Run, plans: list[postings.PostingPlan], accounts: dict[int, int]) -> None:
    builder = activity.Activity(run.rng, run.region, accounts, run.writer.stamps)
    for first in range(0, len(plans), CHUNK):
        for plan in plans[first : first + CHUNK]:
            builder.add(plan)
        for table, columns, rows in builder.take().tables():
            run.writer.insert(table, columns, rows, prepared=True)


def generate(
    scale: float,
    *,
    seed: int = 1,
    progress: Progress | None = None,
    password: str | None = None,
) -> dict[str, int]:
    """Fill the empty database of the current app with a region of ``scale``; return the
    rows written per table. Works on ``db.session``'s connection; the caller commits.

    ``progress(table, rows)`` is called after each batch written. ``password`` is every
    account's (the configuration's ``DEMO_PASSWORD`` by default).
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    connection = db.session.connection()
    refuse_unless_empty(connection)
    rng = random.Random(seed)
    writer = BulkWriter(connection, progress)
    plan = region.plan_region(scale, today())
    region.plan_programmes(rng, plan)
    password_hash = hash_password(password or current_app.config["DEMO_PASSWORD"])
    run = _Run(rng, writer, plan, password_hash)
    with writer.foreign_keys_checked_at_end(LOADED):
        _structure(run)
        plans, accounts = _people_and_postings(run, scale)
        _activity(run, plans, accounts)
    filing.rebuild(connection)  # the summaries the report services keep, for the rows loaded
    gaps.rebuild(connection)
    tally.rebuild(connection)  # the postings' counts the dashboard reads
    writer.fix_sequences()
    counts = dict(writer.counts)
    record("bench.generate", summary=", ".join(f"{k}={v}" for k, v in counts.items()))
    db.session.flush()
    return counts


def settle(engine: sa.Engine) -> None:
    """After the load is committed: on PostgreSQL, VACUUM ANALYZE, as autovacuum would do
    a while after any bulk load or restore. The planner then has statistics for the new
    rows, and index-only scans (the visibility map) are possible; without it the first
    minutes of a benchmark measure a database no server keeps for long. SQLite gets no
    statistics (see the migration 20261128_i19_list_indexes).

    A table another transaction holds locked is skipped, not waited for (``SKIP_LOCKED``):
    this runs on a connection of its own, and the transaction holding the lock may be the
    caller's (a test's, rolled back at its end)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE, SKIP_LOCKED)")


def expected_rows(scale: float) -> int:
    return max(1, round(ROWS_AT_SCALE_1 * scale))


# The command -------------------------------------------------------------------------


def _migrated() -> None:
    """Run the migrations on a database without tables; refuse one that lacks a table."""
    from flask_migrate import upgrade

    found = set(sa.inspect(db.session.connection()).get_table_names())
    if not found:
        click.echo("The database has no tables: running the migrations first.", err=True)
        db.session.rollback()  # they run on a connection of their own (SQLite: its lock)
        upgrade()
        return
    missing = sorted(set(db.metadata.tables) - found)
    if missing:
        raise click.ClickException(
            f"The database lacks tables ({', '.join(missing[:3])} ...): "
            "run `flask --app exchange db upgrade` first."
        )


@click.command("bench-data")
@click.option("--scale", type=float, default=1.0, show_default=True, help="1: 100,000 postings.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@with_appcontext
def bench_data_command(scale: float, seed: int) -> None:
    """Fill an empty database with a generated region for benchmarks."""
    if not current_app.config.get("ALLOW_DEMO_SEED"):
        raise click.ClickException("bench-data refuses to run under the production configuration.")
    if scale <= 0:
        raise click.BadParameter("must be positive", param_hint="--scale")
    _migrated()
    try:
        refuse_unless_empty(db.session.connection())
    except NotEmpty as error:
        raise click.ClickException(str(error)) from None
    with click.progressbar(
        length=expected_rows(scale), label="bench-data", file=sys.stderr, width=30
    ) as bar:

        def advance(table: str, rows: int) -> None:
            label = "reports, leave, attendance" if table in activity.TABLES else table
            if bar.label != label:
                bar.label = label
            bar.update(rows)

        counts = generate(scale, seed=seed, progress=advance)
        db.session.commit()
    settle(db.engine)
    click.echo(", ".join(f"{table} {rows:,}" for table, rows in counts.items()))
