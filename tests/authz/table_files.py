"""Routes of imports, attachments and deleting a proposal (issue 16): who gets what.

An attachment ``att_zx`` hangs on 张想's posting (两江 → 天府): both sides, the
leadership, the admin and 张想 read it; 成都's HR and 丁曌 get 403; only the two sides
and the admin add, version or delete. ``run_lj`` is an import run of 两江's HR,
already imported: only its author and the admin see it. ``proposal_other`` is an
unanswered proposal of 李晓雯 (两江 → 天府): only 两江 and the admin may delete it.
"""

import io
from datetime import date

from tests.authz import DENIED, MISSING, OK, REDIRECT, Route, logged_in

BAD = 400
PDF = b"%PDF-1.4\n%%EOF\n"


def refused(**allowed) -> dict:
    return logged_in(DENIED, **allowed)


def _get(model, id_):
    from exchange.extensions import db

    return db.session.get(model, id_)


def attachment_of_zx(w) -> dict:
    from exchange.attachments import services
    from exchange.auth.models import User
    from exchange.postings.models import Posting

    (attachment,) = services.add_attachments(
        "posting",
        _get(Posting, w.p_zx),
        services.AttachmentData("dispatch_letter", "派遣函"),
        [services.Upload("派遣函.pdf", io.BytesIO(PDF))],
        _get(User, w.user_ids["hr_lj"]),
    )
    return {"att_zx": attachment.id}


def run_of_lj(w) -> dict:
    from exchange.extensions import db
    from exchange.imports.models import ImportRun

    run = ImportRun(
        kind="cadres",
        status="imported",
        filename="干部.xlsx",
        sha256="0" * 64,
        size=10,
        created_by_id=w.user_ids["hr_lj"],
        district_id=w.lj,
        rows=[{"n": 2, "label": "张三", "action": "create", "detail": "", "problems": []}],
        counts={"create": 1, "update": 0, "skip": 0, "problem": 0},
    )
    db.session.add(run)
    db.session.flush()
    return {"run_lj": run.id}


def proposal_of_other(w) -> dict:
    from exchange.cadres.models import Cadre
    from exchange.org.models import Department
    from exchange.programmes.models import Programme
    from tests import factories as f

    posting = f.create_posting(
        _get(Cadre, w.cadre_other),
        _get(Department, w.tf_hq),
        _get(Programme, w.programme),
        start_date=date(2027, 1, 4),
        planned_end_date=date(2027, 7, 3),
        status="proposed",
    )
    return {"proposal_other": posting.id}


ATT = {"setup": attachment_of_zx}
SIDES = dict(admin=OK, hr_lj=OK, hr_tf=OK)
READERS = dict(admin=OK, hr_lj=OK, hr_tf=OK, leader=OK, zx=OK)
IMPORTERS = dict(admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK)

ROUTES = [
    Route("imports.index", "GET", lambda w: "/imports", refused(**IMPORTERS)),
    Route(
        "imports.template",
        "GET",
        lambda w: "/imports/postings/template.xlsx",
        refused(**IMPORTERS),
    ),
    Route(
        "imports.template",
        "GET",
        lambda w: "/imports/appraisals/template.xlsx",
        refused(**IMPORTERS),
        note="annual appraisal results",
    ),
    Route(
        "imports.upload",
        "POST",
        lambda w: "/imports/appraisals",
        refused(admin=BAD, hr_lj=BAD, hr_tf=BAD, hr_cd=BAD),
        data=lambda w: {},
        note="annual appraisal results, no file: the page again",
    ),
    Route(
        "imports.template",
        "GET",
        lambda w: "/imports/nothing/template.xlsx",
        logged_in(MISSING),
        note="no such import",
    ),
    Route(
        "imports.upload",
        "POST",
        lambda w: "/imports/cadres",
        refused(admin=BAD, hr_lj=BAD, hr_tf=BAD, hr_cd=BAD),
        data=lambda w: {},
        note="no file: the page again",
    ),
    Route(
        "imports.preview",
        "GET",
        lambda w: f"/imports/runs/{w.run_lj}",
        refused(admin=OK, hr_lj=OK),
        extra={"setup": run_of_lj},
        note="两江's run",
    ),
    Route(
        "imports.preview",
        "GET",
        lambda w: "/imports/runs/999999",
        logged_in(MISSING),
        note="no such run",
    ),
    Route(
        "imports.confirm",
        "POST",
        lambda w: f"/imports/runs/{w.run_lj}/confirm",
        refused(admin=REDIRECT, hr_lj=REDIRECT),
        data=lambda w: {},
        extra={"setup": run_of_lj},
        note="already imported: back to the run",
    ),
    Route(
        "imports.discard",
        "POST",
        lambda w: f"/imports/runs/{w.run_lj}/discard",
        refused(admin=REDIRECT, hr_lj=REDIRECT),
        data=lambda w: {},
        extra={"setup": run_of_lj},
        note="already imported: back to the run",
    ),
    Route(
        "attachments.upload",
        "GET",
        lambda w: f"/attachments/posting/{w.p_zx}/new",
        refused(**SIDES),
        note="张想's posting",
    ),
    Route(
        "attachments.upload",
        "POST",
        lambda w: f"/attachments/posting/{w.p_zx}/new",
        refused(admin=BAD, hr_lj=BAD, hr_tf=BAD),
        data=lambda w: {"kind": "agreement"},
        note="no file",
    ),
    Route(
        "attachments.upload",
        "GET",
        lambda w: f"/attachments/programme/{w.programme}/new",
        refused(admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK),
        note="a programme of all three districts",
    ),
    Route(
        "attachments.upload",
        "GET",
        lambda w: f"/attachments/report/{w.r_zx}/new",
        refused(zx=OK),
        note="张想's report: its author adds photos",
    ),
    Route(
        "attachments.upload",
        "GET",
        lambda w: "/attachments/posting/999999/new",
        logged_in(MISSING),
        note="no such posting",
    ),
    Route(
        "attachments.download",
        "GET",
        lambda w: f"/attachments/{w.att_zx}",
        refused(**READERS),
        extra=ATT,
        note="张想's dispatch letter",
    ),
    Route(
        "attachments.download",
        "GET",
        lambda w: "/attachments/999999",
        logged_in(MISSING),
        note="no such attachment",
    ),
    Route(
        "attachments.version",
        "GET",
        lambda w: f"/attachments/{w.att_zx}/version",
        refused(**SIDES),
        extra=ATT,
    ),
    Route(
        "attachments.version",
        "POST",
        lambda w: f"/attachments/{w.att_zx}/version",
        refused(admin=BAD, hr_lj=BAD, hr_tf=BAD),
        data=lambda w: {},
        extra=ATT,
        note="no file",
    ),
    Route(
        "attachments.delete",
        "GET",
        lambda w: f"/attachments/{w.att_zx}/delete",
        refused(**SIDES),
        extra=ATT,
    ),
    Route(
        "attachments.delete",
        "POST",
        lambda w: f"/attachments/{w.att_zx}/delete",
        refused(admin=REDIRECT, hr_lj=REDIRECT, hr_tf=REDIRECT),
        data=lambda w: {"reason": "上传错误"},
        extra=ATT,
    ),
    Route(
        "postings.delete",
        "POST",
        lambda w: f"/postings/{w.proposal_other}/delete",
        refused(admin=REDIRECT, hr_lj=REDIRECT),
        data=lambda w: {"delete-reason": "录入错误", "delete-version": "1"},
        extra={"setup": proposal_of_other},
        note="李晓雯's unanswered proposal",
    ),
    Route(
        "postings.delete",
        "POST",
        lambda w: f"/postings/{w.p_zx}/delete",
        refused(),
        data=lambda w: {"delete-reason": "录入错误", "delete-version": "1"},
        note="张想's posting is active: never deleted",
    ),
]
