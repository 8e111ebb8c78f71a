"""Districts, departments and accounts: administrators only; everyone else 403, anonymous to login."""

from tests.authz import DENIED, MISSING, OK, REDIRECT, Route, logged_in

GOOD_PASSWORD = "a fresh long passphrase 7"


def admin_only(admin_outcome=OK, **overrides) -> dict:
    return logged_in(DENIED, admin=admin_outcome, **overrides)


ROUTES = [
    Route("org.districts", "GET", lambda w: "/org/districts", admin_only()),
    Route("org.district_new", "GET", lambda w: "/org/districts/new", admin_only()),
    Route(
        "org.district_new",
        "POST",
        lambda w: "/org/districts/new",
        admin_only(REDIRECT),
        data=lambda w: {
            "code": "guangan",
            "name": "广安市",
            "name_en": "Guang'an",
            "province": "四川省",
        },
    ),
    Route("org.district_detail", "GET", lambda w: f"/org/districts/{w.tf}", admin_only()),
    Route(
        "org.district_detail",
        "GET",
        lambda w: "/org/districts/999999",
        admin_only(MISSING),
        note="no such district",
    ),
    Route("org.district_edit", "GET", lambda w: f"/org/districts/{w.lj}/edit", admin_only()),
    Route(
        "org.district_edit",
        "POST",
        lambda w: f"/org/districts/{w.lj}/edit",
        admin_only(REDIRECT),
        data=lambda w: {
            "code": "liangjiang",
            "name": "两江新区",
            "name_en": "Liangjiang New Area",
            "province": "重庆市",
        },
        note="HR of the district itself is refused too",
    ),
    Route(
        "org.department_new",
        "GET",
        lambda w: f"/org/districts/{w.lj}/departments/new",
        admin_only(),
    ),
    Route(
        "org.department_new",
        "POST",
        lambda w: f"/org/districts/{w.lj}/departments/new",
        admin_only(REDIRECT),
        data=lambda w: {"name": "产业促进局", "name_en": "", "parent_id": ""},
    ),
    Route(
        "org.department_edit",
        "GET",
        lambda w: f"/org/departments/{w.lj_services}/edit",
        admin_only(),
    ),
    Route(
        "org.department_edit",
        "POST",
        lambda w: f"/org/departments/{w.tf_hq}/edit",
        admin_only(REDIRECT),
        data=lambda w: {"name": "天府总部商务区", "name_en": "Tianfu HQ", "parent_id": ""},
    ),
    Route("org.accounts", "GET", lambda w: "/org/accounts?role=hr", admin_only()),
    Route("org.account_new", "GET", lambda w: "/org/accounts/new", admin_only()),
    Route(
        "org.account_new",
        "POST",
        lambda w: "/org/accounts/new",
        admin_only(REDIRECT),
        data=lambda w: {
            "username": "hr.guangan",
            "display_name": "广安组织部",
            "email": "",
            "role": "hr",
            "district_id": str(w.tf),
            "cadre_id": "",
            "password": GOOD_PASSWORD,
            "confirm": GOOD_PASSWORD,
        },
    ),
    Route(
        "org.account_edit",
        "GET",
        lambda w: f"/org/accounts/{w.user_ids['hr_tf']}/edit",
        admin_only(),
    ),
    Route(
        "org.account_edit",
        "POST",
        lambda w: f"/org/accounts/{w.user_ids['leader']}/edit",
        admin_only(REDIRECT),
        data=lambda w: {
            "display_name": "领导",
            "email": "leader@example.cn",
            "role": "leader",
            "district_id": "",
            "cadre_id": "",
            "active": "y",
        },
        note="a leader cannot edit their own account here",
    ),
    Route(
        "org.account_edit",
        "GET",
        lambda w: "/org/accounts/999999/edit",
        admin_only(MISSING),
        note="no such account",
    ),
    Route(
        "org.account_password",
        "GET",
        lambda w: f"/org/accounts/{w.user_ids['zx']}/password",
        admin_only(),
    ),
    Route(
        "org.account_password",
        "POST",
        lambda w: f"/org/accounts/{w.user_ids['dz']}/password",
        admin_only(REDIRECT),
        data=lambda w: {"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD},
        note="丁曌 cannot reset their own password here either",
    ),
]
