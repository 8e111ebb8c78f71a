import sqlalchemy as sa

from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.reports.models import Comment, ReflectionLog


def count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_seed_demo_loads_the_article_and_is_idempotent(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded" in result.output
    counts = {m: count(app, m) for m in (User, Cadre, Posting, ReflectionLog, Comment)}
    assert counts[User] == 9  # 7 of the foundation, 2 officials of exchange.reports.demo
    result = runner.invoke(args=["seed-demo"])
    assert "nothing to add" in result.output
    assert {m: count(app, m) for m in counts} == counts
    with app.app_context():
        zhang = db.session.scalar(sa.select(Cadre).where(Cadre.name == "张想"))
        posting = zhang.postings[0]
        assert posting.home_department.name == "现代服务业局"
        assert posting.host_department.name == "天府总部商务区"
        assert posting.host_district.name == "四川天府新区"
        report = db.session.scalar(
            sa.select(ReflectionLog).where(ReflectionLog.posting_id == posting.id)
        )
        assert "压力大、动力更足" in report.body
        assert str(report.report_date) == "2021-01-02"
        assert report.comments[0].kind == "remark"


def test_seed_demo_if_empty_leaves_a_used_database_alone(app, runner, world):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has accounts" in result.output
    assert count(app, Cadre) == 3


def test_demo_accounts_log_in_with_the_configured_password(app, runner, client):
    runner.invoke(args=["seed-demo"])
    for username in (
        "admin",
        "hr.liangjiang",
        "hr.tianfu",
        "hr.cdedz",
        "leader",
        "zhangxiang",
        "dingzhao",
    ):
        c = app.test_client()
        response = c.post(
            "/login", data={"username": username, "password": app.config["DEMO_PASSWORD"]}
        )
        assert response.status_code == 302, username
        assert c.get("/").status_code == 200, username


def test_seed_demo_refuses_production(app, runner):
    app.config["ALLOW_DEMO_SEED"] = False
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "production" in result.output
    assert count(app, User) == 0


def test_users_create_reads_the_password_from_stdin(app, runner, world):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "hr.new",
            "--role",
            "hr",
            "--district",
            "tianfu",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "hr.new"))
        assert user.district.code == "tianfu"
        assert user.password_hash.startswith("$argon2id$")
        assert user.must_change_password  # the operator chose it: the user sets their own


def test_users_create_prompts_for_the_password(app, runner, world):
    result = runner.invoke(
        args=["users", "create", "boss", "--role", "leader"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output


def test_users_create_refuses_bad_input_and_creates_nothing(app, runner, world):
    before = count(app, User)
    cases = [
        (["x1", "--role", "hr", "--district", "tianfu"], "short\n", "password:"),
        (["x2", "--role", "hr", "--district", "nowhere"], "a long enough password\n", "--district"),
        (["x3", "--role", "hr"], "a long enough password\n", "--district"),
        (["x4", "--role", "cadre"], "a long enough password\n", "--cadre-id"),
        (
            ["x5", "--role", "cadre", "--cadre-id", "999999"],
            "a long enough password\n",
            "--cadre-id",
        ),
        (["admin", "--role", "admin"], "a long enough password\n", "USERNAME"),
        (["two words", "--role", "leader"], "a long enough password\n", "USERNAME"),
        (["x6", "--role", "leader", "--email", "nope"], "a long enough password\n", "--email"),
    ]
    for args, stdin, option in cases:
        result = runner.invoke(args=["users", "create", *args, "--password-stdin"], input=stdin)
        assert result.exit_code == 1, args
        assert "Account not created" in result.output and option in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), args
    assert count(app, User) == before


def test_users_create_refuses_a_cadre_already_linked_on_the_demo_data(app, runner):
    """The issue's case: 张想 (cadre 1 on a fresh database) already has the account zhangxiang."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        zhang = db.session.scalar(sa.select(Cadre).where(Cadre.name == "张想"))
        assert zhang.user.username == "zhangxiang"
        zhang_id = zhang.id
    before = count(app, User)
    result = runner.invoke(
        args=["users", "create", "zx2", "--role", "cadre", "--cadre-id", str(zhang_id)]
        + ["--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert "--cadre-id" in result.output and "Traceback" not in result.output
    assert count(app, User) == before


def test_users_create_links_a_free_cadre(app, runner, world):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "lixiaowen",
            "--role",
            "cadre",
            "--cadre-id",
            str(world.cadre_other),
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "lixiaowen"))
        assert user.cadre_id == world.cadre_other and user.display_name == "lixiaowen"
