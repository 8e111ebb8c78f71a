"""Routes of appraisals, documents and the .lrmx patch: who gets what.

On the test day (2026-09-01) 张想's posting (两江 → 天府) runs until 2026-12-31, so its
考核鉴定 is not open yet (400 for the host side), while its 2026 annual appraisal may be
signed. Rows whose ``setup`` adds an appraisal say so.
"""

from tests.authz import DENIED, MISSING, OK, REDIRECT, Route, logged_in

BAD = 400
SEEN = dict(admin=OK, leader=OK, hr_lj=OK, hr_tf=OK, zx=OK)  # as the posting


def refused(**allowed) -> dict:
    return logged_in(DENIED, **allowed)


def _appraisal(w, lock: bool) -> dict:
    from exchange.appraisals import services
    from exchange.auth.models import User
    from exchange.extensions import db
    from exchange.postings.models import Posting

    posting = db.session.get(Posting, w.p_zx)
    host = db.session.get(User, w.user_ids["hr_tf"])
    part = services.HostPart("excellent", work_record="分管商务")
    appraisal = services.sign_host_part(posting, "annual", 2026, part, host, None)
    if lock:
        home = db.session.get(User, w.user_ids["hr_lj"])
        services.sign_home_part(appraisal, services.HomePart("", "competent"), home, 1)
    db.session.flush()
    return {"appraisal": appraisal.id, "appraisal_version": appraisal.version}


def host_signed(w) -> dict:
    return _appraisal(w, lock=False)


def locked(w) -> dict:
    return _appraisal(w, lock=True)


ROUTES = [
    Route("appraisals.page", "GET", lambda w: f"/postings/{w.p_zx}/appraisals", refused(**SEEN)),
    Route(
        "appraisals.page",
        "GET",
        lambda w: "/postings/999999/appraisals",
        logged_in(MISSING),
        note="missing",
    ),
    Route(
        "appraisals.sign_end_of_term",
        "POST",
        lambda w: f"/postings/{w.p_zx}/appraisals/end-of-term",
        refused(admin=BAD, hr_tf=BAD),
        data=lambda w: {
            "host-end_of_term-performance": "表现",
            "host-end_of_term-achievements": "成绩",
            "host-end_of_term-grade": "excellent",
        },
        note="the window opens on 2026-12-01",
    ),
    Route(
        "appraisals.sign_annual",
        "POST",
        lambda w: f"/postings/{w.p_zx}/appraisals/2026",
        refused(admin=REDIRECT, hr_tf=REDIRECT),
        data=lambda w: {
            "host-annual-2026-work_record": "分管商务",
            "host-annual-2026-grade": "excellent",
        },
    ),
    Route(
        "appraisals.sign_home",
        "POST",
        lambda w: f"/appraisals/{w.appraisal}/home",
        refused(admin=REDIRECT, hr_lj=REDIRECT),
        data=lambda w: {
            "home-annual-2026-final_grade": "competent",
            "home-annual-2026-version": str(w.appraisal_version),
        },
        note="signed by the host side",
        extra={"setup": host_signed},
    ),
    Route(
        "appraisals.sign_home",
        "POST",
        lambda w: "/appraisals/999999/home",
        logged_in(MISSING),
        data=lambda w: {},
        note="missing",
    ),
    Route(
        "appraisals.correct_host",
        "POST",
        lambda w: f"/appraisals/{w.appraisal}/correct/host",
        refused(admin=REDIRECT, hr_tf=REDIRECT),
        data=lambda w: {
            "fixhost-annual-2026-work_record": "分管商务和会展",
            "fixhost-annual-2026-grade": "excellent",
            "fixhost-annual-2026-reason": "补充",
            "fixhost-annual-2026-version": str(w.appraisal_version),
        },
        note="locked",
        extra={"setup": locked},
    ),
    Route(
        "appraisals.correct_home",
        "POST",
        lambda w: f"/appraisals/{w.appraisal}/correct/home",
        refused(admin=REDIRECT, hr_lj=REDIRECT),
        data=lambda w: {
            "fixhome-annual-2026-opinion": "同意",
            "fixhome-annual-2026-final_grade": "excellent",
            "fixhome-annual-2026-reason": "复核",
            "fixhome-annual-2026-version": str(w.appraisal_version),
        },
        note="locked",
        extra={"setup": locked},
    ),
    Route(
        "appraisals.correct_home",
        "POST",
        lambda w: f"/appraisals/{w.appraisal}/correct/home",
        refused(admin=BAD, hr_lj=BAD),
        data=lambda w: {
            "fixhome-annual-2026-opinion": "同意",
            "fixhome-annual-2026-final_grade": "excellent",
            "fixhome-annual-2026-version": str(w.appraisal_version),
        },
        note="no reason after locking",
        extra={"setup": locked},
    ),
    Route(
        "documents.approval",
        "GET",
        lambda w: f"/postings/{w.p_zx}/documents/approval.docx",
        refused(**SEEN),
    ),
    Route(
        "documents.approval",
        "GET",
        lambda w: f"/postings/{w.p_dz}/documents/approval.docx",
        refused(admin=OK, leader=OK, hr_lj=OK, hr_cd=OK, dz=OK),
        note="丁曌's: 成都 → 两江",
    ),
    Route(
        "documents.appraisal",
        "GET",
        lambda w: f"/postings/{w.p_zx}/documents/appraisal.docx",
        refused(**SEEN),
    ),
    Route(
        "documents.report",
        "GET",
        lambda w: f"/reports/{w.r_zx}/document.docx",
        refused(admin=OK, leader=OK, hr_lj=OK, hr_tf=OK, zx=OK),
    ),
    Route(
        "documents.report",
        "GET",
        lambda w: f"/reports/{w.r_zx_draft}/document.docx",
        refused(zx=OK),
        note="a draft: its author only",
    ),
    Route(
        "documents.compilation",
        "GET",
        lambda w: f"/programmes/{w.programme}/compilation.docx",
        refused(admin=OK, leader=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK),
    ),
    Route(
        "lrmx.cadre_file",
        "GET",
        lambda w: f"/cadres/{w.cadre_zx}/lrmx",
        refused(admin=OK, hr_lj=OK),
        note="the home side's file",
    ),
    Route(
        "lrmx.cadre_file",
        "POST",
        lambda w: f"/cadres/{w.cadre_zx}/lrmx",
        refused(admin=BAD, hr_lj=BAD),
        data=lambda w: {},
        note="no file",
    ),
    Route(
        "lrmx.programme_zip",
        "GET",
        lambda w: f"/programmes/{w.programme}/lrmx",
        refused(admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK),
    ),
    Route(
        "lrmx.programme_zip",
        "POST",
        lambda w: f"/programmes/{w.programme}/lrmx",
        refused(admin=BAD, hr_lj=BAD, hr_tf=BAD, hr_cd=BAD),
        data=lambda w: {},
        note="no file",
    ),
]
