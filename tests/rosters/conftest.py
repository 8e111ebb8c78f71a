"""Roster fixtures: extra postings beside the ``world``, and a statement counter."""

from datetime import date
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.programmes.models import Programme
from tests import factories as f


def user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


@pytest.fixture
def roster_world(app, world):
    """More postings: finished, future, proposed, cancelled, a formula-like position."""
    with app.app_context():
        lj, tf, cd = (db.session.get(District, i) for i in (world.lj, world.tf, world.cd))
        programme = db.session.get(Programme, world.programme)
        lj_services = db.session.get(Department, world.lj_services)
        tf_hq = db.session.get(Department, world.tf_hq)
        cd_auto = db.session.get(Department, world.cd_auto)
        tf_approvals = f.create_department(tf, "行政审批局")
        wang = f.create_cadre("王芳", lj_services, '=HYPERLINK("http://evil")')
        chen = f.create_cadre("陈明", tf_approvals, "科长")
        zhao = f.create_cadre("赵磊", cd_auto, "副局长")
        done = f.create_posting(
            wang,
            tf_approvals,
            programme,
            start_date=date(2025, 3, 1),
            planned_end_date=date(2025, 8, 31),
            actual_end_date=date(2025, 7, 31),
            status="ended_early",
            host_position="+SUM(A1)",
        )
        future = f.create_posting(
            chen,
            lj_services,
            programme,
            start_date=date(2026, 10, 1),
            planned_end_date=date(2027, 3, 31),
            status="accepted",
        )
        proposed = f.create_posting(
            zhao,
            tf_hq,
            programme,
            start_date=date(2026, 11, 1),
            planned_end_date=date(2027, 4, 30),
            status="proposed",
        )
        db.session.commit()
        return SimpleNamespace(
            world=world,
            lj=lj.id,
            tf=tf.id,
            cd=cd.id,
            tf_approvals=tf_approvals.id,
            done=done.id,
            future=future.id,
            proposed=proposed.id,
        )


@pytest.fixture
def many_postings(app, world):
    """Fifty-eight postings (sixty with the world's), many tied on start, status and programme."""
    with app.app_context():
        programme = db.session.get(Programme, world.programme)
        second = f.create_programme(
            [db.session.get(District, world.lj), db.session.get(District, world.tf)], name="第二批"
        )
        home = db.session.get(Department, world.lj_science)
        host = db.session.get(Department, world.tf_hq)
        for i in range(58):
            cadre = f.create_cadre(f"干部{i % 6}", home, "科员")
            f.create_posting(
                cadre,
                host,
                programme if i % 3 else second,
                start_date=date(2024, 1 + i % 4, 1),
                planned_end_date=date(2024, 12, 31),
                status=("completed", "ended_early")[i % 2],
                actual_end_date=date(2024, 12, 31),
            )
        db.session.commit()
