"""Password policy and hashing: the common-password list, the limits, old hashes upgraded."""

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from werkzeug.security import generate_password_hash

from exchange.auth import passwords
from exchange.auth.models import User
from exchange.extensions import db
from tests import factories as f


def test_the_common_password_list_has_3000_entries_and_a_source():
    lines = passwords.COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    assert any("zxcvbn" in line for line in comments), "the header names where the list is from"
    assert len(passwords.common_passwords()) == 3000
    assert not any(p.startswith("#") for p in passwords.common_passwords())


def test_common_passwords_are_refused_whatever_the_case(req):
    for common in ("password123", "QWERTYUIOP", "1234567890", "1q2w3e4r5t"):
        assert "常见" in str(passwords.password_problems(common)), common


def test_length_limits_and_no_composition_rules(req):
    assert passwords.password_problems("nine char") != []
    assert passwords.password_problems("ten chars!") == []
    assert passwords.password_problems(("correct horse battery staple " * 3)[:64]) == []
    assert passwords.password_problems("长城长江黄河泰山华山嵩山") == []  # any script counts
    long_enough = ("correct horse battery staple " * 5)[: passwords.MAX_LENGTH]
    assert passwords.password_problems(long_enough) == []
    assert passwords.password_problems(long_enough + "x") != []


def test_the_username_is_not_a_password(req):
    assert passwords.password_problems("Hr.Tianfu01", "hr.tianfu01") != []
    assert passwords.password_problems("Hr.Tianfu01", "hr.liangjiang") == []


@pytest.mark.parametrize(
    ("password", "username", "code"),
    [
        ("aaaaaaaaaa", "", "repetitive"),
        ("zzzz-river-song", "", "repetitive"),
        ("river-6789-song", "", "repetitive"),
        ("song-river-dcba", "", "repetitive"),
        ("password1234", "", "too_common"),
        ("iloveyou123", "", "too_common"),
        ("!!iloveyou!!", "", "too_common"),
        ("hr.tianfuhr.tianfu", "hr.tianfu", "is_username"),
        ("my hr.tianfu key", "hr.tianfu", "is_username"),
        ("Shuangcheng2020", "", "demo_password"),
    ],
)
def test_weak_passwords_are_refused_with_their_code(req, password, username, code):
    codes = {reason.code for reason in passwords.password_reasons(password, username)}
    assert code in codes


def test_runs_of_three_and_other_scripts_pass(req):
    assert passwords.password_reasons("river-123-song") == []
    assert passwords.password_reasons("长城长江黄河泰山华山") == []


def test_64_character_password_can_be_set_and_used(client, auth, world):
    long_password = ("长城长江黄河泰山华山嵩山" * 2)[:20] + (
        "correct horse battery staple, long enough " * 2
    )[:44]
    assert len(long_password) == 64
    auth.login("zhangxiang")
    response = client.post(
        "/account/password",
        data={
            "current_password": f.PASSWORD,
            "new_password": long_password,
            "confirm": long_password,
        },
    )
    assert response.status_code == 302
    auth.logout()
    assert auth.login("zhangxiang", long_password).status_code == 302


def test_password_change_refuses_a_common_password(client, auth, world):
    auth.login("zhangxiang")
    response = client.post(
        "/account/password",
        data={
            "current_password": f.PASSWORD,
            "new_password": "qwertyuiop",
            "confirm": "qwertyuiop",
        },
    )
    assert response.status_code == 400 and "过于常见" in response.get_data(as_text=True)


def test_hashes_are_argon2id():
    assert passwords.PasswordHasher is PasswordHasher


def _set_hash(app, username, password_hash):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        user.password_hash = password_hash
        db.session.commit()


def _hash_of(app, username):
    with app.app_context():
        return db.session.scalar(sa.select(User.password_hash).where(User.username == username))


def test_a_werkzeug_scrypt_hash_still_works_and_is_upgraded_at_login(app, auth, world):
    old = generate_password_hash(f.PASSWORD, method="scrypt")  # N = 2**15, below the floor
    assert old.startswith("scrypt:32768")
    _set_hash(app, "leader", old)
    assert auth.login("leader", "wrong password!").status_code == 401
    assert _hash_of(app, "leader") == old  # a failed login changes nothing
    assert auth.login("leader").status_code == 302
    new = _hash_of(app, "leader")
    assert new.startswith("$argon2id$")
    auth.logout()
    assert auth.login("leader").status_code == 302  # the upgraded hash works


def test_a_pbkdf2_hash_is_upgraded_too(app, auth, world):
    _set_hash(app, "leader", generate_password_hash(f.PASSWORD, method="pbkdf2:sha256:1000"))
    assert auth.login("leader").status_code == 302
    assert _hash_of(app, "leader").startswith("$argon2id$")


def test_an_argon2_hash_with_weaker_parameters_is_upgraded(app, auth, world):
    app.config["PASSWORD_HASH"] = {"time_cost": 2, "memory_cost": 16, "parallelism": 1}
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(f.PASSWORD)
    _set_hash(app, "leader", weak)
    assert auth.login("leader").status_code == 302
    new = _hash_of(app, "leader")
    assert new != weak and "m=16,t=2,p=1" in new


def test_an_argon2i_hash_is_upgraded_to_argon2id(app, auth, world):
    from argon2 import Type

    params = app.config["PASSWORD_HASH"]
    old = PasswordHasher(**params, type=Type.I).hash(f.PASSWORD)
    _set_hash(app, "leader", old)
    assert auth.login("leader").status_code == 302
    assert _hash_of(app, "leader").startswith("$argon2id$")


def test_a_broken_hash_never_verifies(req):
    for broken in ("", "scrypt:bad", "$argon2id$garbage", "plain text"):
        assert passwords.verify_password(broken, "anything at all") is False


def test_production_parameters_meet_the_owasp_floor(monkeypatch, tmp_path):
    from config import load_config

    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    params = load_config("production", str(tmp_path)).PASSWORD_HASH
    assert params["memory_cost"] >= 19 * 1024 and params["time_cost"] >= 2


@pytest.mark.parametrize(
    "data",
    [
        {"current_password": "wrong one here", "new_password": "river song of spring"},
        {"current_password": f.PASSWORD, "new_password": "aaaaaaaaaaaa"},
        {"current_password": f.PASSWORD, "new_password": "river song of spring", "confirm": "x"},
    ],
)
def test_the_password_change_form_answers_400_on_any_refusal(client, auth, world, data):
    auth.login("zhangxiang")
    data = {"confirm": data["new_password"], **data}
    assert client.post("/account/password", data=data).status_code == 400
