"""The appraisals migration keeps what was recorded: evaluations and dates of birth."""

import sqlalchemy as sa
from flask_migrate import upgrade

from exchange import create_app
from exchange.extensions import db
from tests.conftest import reset_database


def test_old_evaluations_become_appraisals_waiting_for_the_home_side(tmp_path):
    url = f"sqlite:///{tmp_path}/evaluations.db"
    reset_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="0001_initial")
        with db.engine.begin() as conn:
            run = conn.exec_driver_sql
            run(
                "INSERT INTO district (id, code, name, name_en, province, created_at) VALUES "
                "(1, 'lj', '两江新区', 'lj', '', '2020-01-01'), (2, 'tf', '天府', 'tf', '', '2020-01-01')"
            )
            run(
                "INSERT INTO department (id, district_id, name, name_en, created_at) VALUES "
                "(1, 1, '现代服务业局', '', '2020-01-01'), (2, 2, '总部商务区', '', '2020-01-01')"
            )
            run(
                "INSERT INTO cadre (id, name, name_pinyin, name_initials, birth_date, "
                "home_department_id, home_position, rank, phone, email, notes, version, "
                "created_at, updated_at) VALUES (1, '张想', '', '', '1985-03-17', 1, '副局长', "
                "'', '', '', '', 1, '2020-01-01', '2020-01-01')"
            )
            run(
                "INSERT INTO programme (id, name, description, start_date, end_date, "
                "standard_term_months, report_cadence_months, team_leader, version, created_at) "
                "VALUES (1, 'p', '', '2020-01-01', '2021-12-31', 4, 1, '', 1, '2020-01-01')"
            )
            run(
                "INSERT INTO posting (id, cadre_id, programme_id, home_district_id, "
                "home_department_id, home_position, host_district_id, host_department_id, "
                "host_position, portfolio, start_date, planned_end_date, actual_end_date, status, "
                "decision_reason, end_reason, version, created_at, updated_at) VALUES (1, 1, 1, 1, "
                "1, '副局长', 2, 2, '副主任', '', '2020-09-07', '2021-01-31', '2021-01-31', "
                "'completed', '', '', 1, '2020-01-01', '2020-01-01')"
            )
            run(
                "INSERT INTO evaluation (posting_id, grade, comments, created_at) "
                "VALUES (1, 'excellent', '表现突出', '2021-02-01')"
            )
        upgrade()
        with db.engine.connect() as conn:
            row = conn.execute(
                sa.text(
                    "SELECT kind, status, proposed_grade, final_grade, performance FROM appraisal"
                )
            ).one()
            born = conn.execute(sa.text("SELECT birth_month FROM cadre")).scalar_one()
        db.engine.dispose()
    assert tuple(row) == ("end_of_term", "host_signed", "excellent", None, "表现突出")
    assert str(born) == "1985-03-01"
