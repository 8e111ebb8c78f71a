"""The bell and the notifications page: one query for the count, only one's own."""

import sqlalchemy as sa

from exchange.extensions import db
from exchange.notifications.models import Notification
from exchange.postings.models import Posting


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_bell_costs_one_query_and_none_when_anonymous(app, client, auth, world, count_queries):
    with app.app_context():
        zx = db.session.get(Posting, world.p_zx).cadre.user
        db.session.add(Notification(user_id=zx.id, key="test:1", message="请按时提交月度报告"))
        db.session.commit()
    with count_queries() as statements:
        client.get("/login")
    assert not [s for s in statements if "notification" in s.lower()]
    auth.login("zhangxiang")
    with count_queries() as statements:
        page = client.get("/reports/mine").get_data(as_text=True)
    assert len([s for s in statements if "FROM notification" in s]) == 1
    assert 'badge rounded-pill text-bg-danger">1<' in page


def test_notifications_read_only_your_own(app, client, auth, world):
    with app.app_context():
        zx = db.session.get(Posting, world.p_zx).cadre.user
        note = Notification(user_id=zx.id, key="test:2", message="报告将于下周到期")
        db.session.add(note)
        db.session.commit()
        note_id = note.id
    auth.login("dingzhao")
    assert client.post(f"/notifications/{note_id}/read").status_code == 404
    assert "报告将于下周到期" not in client.get("/notifications").get_data(as_text=True)
    auth.logout()
    auth.login("zhangxiang")
    assert "报告将于下周到期" in client.get("/notifications").get_data(as_text=True)
    assert client.post(f"/notifications/{note_id}/read").status_code == 302
    assert count(app, Notification, Notification.read_at.is_not(None)) == 1
