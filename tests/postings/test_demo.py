"""The demo shows the article's two postings, their durations, résumé lines and the ledger."""

import sqlalchemy as sa

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.programmes.models import Programme


def test_demo_postings_resume_and_ledger(app, runner, client, auth):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert "nothing to add" in runner.invoke(args=["seed-demo"]).output
    with app.app_context():
        zhang = db.session.scalar(sa.select(Cadre).where(Cadre.name == "张想"))
        zhang_id, posting_id = zhang.id, zhang.postings[0].id
        programme_id = zhang.postings[0].programme_id
        assert db.session.get(Programme, programme_id).start_date.year == 2020
    auth.login("hr.liangjiang", app.config["DEMO_PASSWORD"])
    cadre_page = client.get(f"/cadres/{zhang_id}").get_data(as_text=True)
    assert (
        "2019.06--         两江新区现代服务业局副局长"
        "（其间：2020.09—2021.01  挂职任四川天府新区天府总部商务区副主任）"
    ) in cadre_page
    posting_page = client.get(f"/postings/{posting_id}").get_data(as_text=True)
    assert "147 天" in posting_page and "优秀" in posting_page
    ledger = client.get(f"/programmes/{programme_id}").get_data(as_text=True)
    assert "互派对等情况" in ledger and "成都经开区" in ledger
