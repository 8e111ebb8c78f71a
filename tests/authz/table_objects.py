"""Object-level refusals: the same routes with ids of another district's or official's records.

The feature tables check most routes on 张想's records (两江 home, 天府 host). These rows
turn the question around with 丁曌's (成都 home, 两江 host), 李晓雯 (两江, never seconded),
and records a row's ``setup`` adds (a programme 成都 takes no part in, an audit event of
成都 alone, 丁曌's draft; 丁曌's notification is in table_notifications): HR of an uninvolved district and another
official get 403 or 404, never the record. ``setup(world)`` runs in an app context before
the request and returns ids that are added to ``world``.
"""

from datetime import date

from tests.authz import DENIED, FRESH, MISSING, OK, REDIRECT, Route, logged_in

BAD = 400


def refused(**allowed) -> dict:
    """403 for every logged-in role except those named."""
    return logged_in(DENIED, **allowed)


def _get(model, id_):
    from exchange.extensions import db

    return db.session.get(model, id_)


def programme_without_chengdu(w) -> dict:
    from exchange.org.models import District
    from tests import factories as f

    programme = f.create_programme(
        [_get(District, w.lj), _get(District, w.tf)], name="两江—天府专项交流"
    )
    return {"programme_lj_tf": programme.id}


def chengdu_event(w) -> dict:
    from exchange.audit.services import record
    from exchange.auth.models import User

    event = record(
        "cadre.update",
        actor=_get(User, w.user_ids["hr_cd"]),
        summary="丁曌的联系电话",
        changes={"phone": ["028-0000 0000", "028-1111 1111"]},
        districts=(w.cd,),
    )
    from exchange.extensions import db

    db.session.flush()
    return {"event_cd": event.id}


def dz_draft(w) -> dict:
    from exchange.auth.models import User
    from exchange.postings.models import Posting
    from tests import factories as f

    report = f.create_report(
        _get(Posting, w.p_dz), _get(User, w.user_ids["dz"]), status="draft", title="丁曌的草稿"
    )
    return {"r_dz_draft": report.id}


EXTEND = {"extend-new_end_date": "2027-01-31", "extend-reason": "项目需要"}
DZ_SIDES = {"admin": REDIRECT, "hr_cd": REDIRECT, "hr_lj": REDIRECT}
PROGRAMME_FORM = {"name": ""}
DZ_REPORT = {
    "kind": "monthly",
    "title": "七月工作报告",
    "report_date": date(2026, 7, 31).isoformat(),
    "body": "对接企业 12 家。",
}

ROUTES = [
    # Postings: 丁曌's (成都 → 两江); 天府 HR and 张想 are strangers to it.
    Route(
        "postings.detail",
        "GET",
        lambda w: f"/postings/{w.p_dz}",
        logged_in(OK, hr_tf=DENIED, zx=DENIED),
        note="丁曌's posting",
    ),
    Route("postings.detail", "GET", lambda w: "/postings/999999", logged_in(MISSING), note="none"),
    Route(
        "postings.extend",
        "POST",
        lambda w: f"/postings/{w.p_dz}/extend",
        refused(**DZ_SIDES),
        data=lambda w: EXTEND,
        note="丁曌's posting",
    ),
    Route(
        "postings.end_early",
        "POST",
        lambda w: f"/postings/{w.p_dz}/end-early",
        refused(**DZ_SIDES),
        data=lambda w: {
            "end-kind": "recall",
            "end-end_date": "2026-08-31",
            "end-category": "poor_performance",
            "end-reason": "工作需要",
        },
        note="丁曌's posting",
    ),
    Route(
        "postings.cancel",
        "POST",
        lambda w: f"/postings/{w.p_dz}/cancel",
        refused(admin=BAD, hr_cd=BAD),
        data=lambda w: {"cancel-reason": "工作调整"},
        note="丁曌's posting, already active",
    ),
    Route(
        "postings.propose",
        "GET",
        lambda w: f"/cadres/{w.cadre_dz}/propose",
        refused(admin=OK, hr_cd=OK),
        note="丁曌 belongs to 成都",
    ),
    Route(
        "postings.propose",
        "POST",
        lambda w: f"/cadres/{w.cadre_dz}/propose",
        refused(admin=BAD, hr_cd=BAD),
        data=lambda w: {"host_position": ""},
        note="丁曌 belongs to 成都",
    ),
    # Cadres: 丁曌 (成都, seconded to 两江) and 李晓雯 (两江, never seconded).
    Route(
        "cadres.detail",
        "GET",
        lambda w: f"/cadres/{w.cadre_dz}",
        refused(admin=OK, hr_cd=OK, hr_lj=OK, leader=OK, dz=OK),
        note="丁曌: home 成都, seconded to 两江",
    ),
    Route(
        "cadres.detail",
        "GET",
        lambda w: f"/cadres/{w.cadre_other}",
        refused(admin=OK, hr_lj=OK, leader=OK),
        note="李晓雯: 两江, never seconded",
    ),
    Route(
        "cadres.edit",
        "GET",
        lambda w: f"/cadres/{w.cadre_dz}/edit",
        refused(admin=OK, hr_cd=OK, dz=OK),
        note="丁曌: 两江 hosts him but does not edit his record",
    ),
    Route(
        "cadres.edit",
        "POST",
        lambda w: f"/cadres/{w.cadre_dz}/edit",
        refused(admin=BAD, hr_cd=BAD, dz=REDIRECT),
        data=lambda w: {"phone": "028-8888 0000", "email": "dz@example.cn"},
        note="丁曌's contact details: 张想 may not change them",
    ),
    Route(
        "cadres.edit",
        "POST",
        lambda w: f"/cadres/{w.cadre_other}/edit",
        refused(admin=BAD, hr_lj=BAD),
        data=lambda w: {"phone": "023-0000 0000"},
        note="李晓雯: 两江 only",
    ),
    # Programmes: one 成都 takes no part in.
    Route(
        "programmes.edit",
        "GET",
        lambda w: f"/programmes/{w.programme_lj_tf}/edit",
        refused(admin=OK, hr_lj=OK, hr_tf=OK),
        note="成都 takes no part",
        extra={"setup": programme_without_chengdu},
    ),
    Route(
        "programmes.edit",
        "POST",
        lambda w: f"/programmes/{w.programme_lj_tf}/edit",
        refused(admin=BAD, hr_lj=BAD, hr_tf=BAD),
        data=lambda w: PROGRAMME_FORM,
        note="成都 takes no part",
        extra={"setup": programme_without_chengdu},
    ),
    # Reports: 丁曌's; 天府 HR and 张想 are strangers to them.
    Route(
        "reports.detail",
        "GET",
        lambda w: f"/reports/{w.r_dz_draft}",
        refused(dz=OK),
        note="丁曌's draft",
        extra={"setup": dz_draft},
    ),
    Route(
        "reports.edit",
        "GET",
        lambda w: f"/reports/{w.r_dz_draft}/edit",
        refused(dz=OK),
        note="丁曌's draft",
        extra={"setup": dz_draft},
    ),
    Route(
        "reports.edit",
        "POST",
        lambda w: f"/reports/{w.r_dz_draft}/edit",
        refused(dz=REDIRECT),
        data=lambda w: DZ_REPORT,
        note="丁曌's draft",
        extra={"setup": dz_draft},
    ),
    Route(
        "reports.submit",
        "POST",
        lambda w: f"/reports/{w.r_dz_draft}/submit",
        refused(dz=REDIRECT),
        data=lambda w: {"version": FRESH},
        note="丁曌's draft",
        extra={"setup": dz_draft},
    ),
    Route(
        "reports.add_version",
        "POST",
        lambda w: f"/reports/{w.r_dz}/versions/new",
        refused(dz=REDIRECT),
        data=lambda w: {**DZ_REPORT, "kind": "reflection", "title": "补充说明", "version": FRESH},
        note="丁曌's report",
    ),
    Route(
        "reports.comment",
        "POST",
        lambda w: f"/reports/{w.r_dz}/comments",
        logged_in(REDIRECT, hr_tf=DENIED, zx=DENIED, dz=DENIED),
        data=lambda w: {"body": "已阅。", "version": FRESH},
        note="丁曌's report",
    ),
    Route(
        "reports.remark",
        "POST",
        lambda w: f"/reports/{w.r_dz}/remarks",
        refused(leader=REDIRECT),
        data=lambda w: {"body": "望把经验带回成都。", "version": FRESH},
        note="丁曌's report",
    ),
    # Audit: an event that concerns 成都 alone.
    Route(
        "audit.detail",
        "GET",
        lambda w: f"/audit/{w.event_cd}",
        refused(admin=OK, hr_cd=OK),
        note="an event of 成都 alone",
        extra={"setup": chengdu_event},
    ),
]
