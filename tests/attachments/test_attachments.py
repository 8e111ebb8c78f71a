"""Documents on postings, programmes and reports: who sees them, what is accepted, what is kept."""

import io

import pytest
import sqlalchemy as sa

from exchange.attachments.models import Attachment
from exchange.audit.models import AuditEvent
from exchange.extensions import db
from exchange.postings.models import Posting
from tests import factories as f
from tests.attachments.conftest import ELF, PDF, PNG, docx_bytes, ofd_bytes, stored_files


def upload(client, url, data: bytes, name: str, kind="dispatch_letter", **extra):
    form = {
        "kind": kind,
        "title": extra.pop("title", ""),
        "doc_number": extra.pop("doc_number", ""),
    }
    form["files"] = (io.BytesIO(data), name)
    form.update(extra)
    return client.post(url, data=form, content_type="multipart/form-data")


def codes(response) -> str:
    return response.get_data(as_text=True)


def _posting_url(world):
    return f"/attachments/posting/{world.p_zx}/new"


def test_hr_adds_a_dispatch_letter_and_both_sides_download_it(app, client, auth, world, store):
    auth.login("hr.liangjiang")
    response = upload(
        client, _posting_url(world), PDF, "派遣函.pdf", doc_number="两江组〔2026〕12号"
    )
    assert response.status_code == 302
    page = client.get(f"/postings/{world.p_zx}").get_data(as_text=True)
    assert "派遣函" in page and "两江组〔2026〕12号" in page
    with app.app_context():
        attachment = db.session.scalar(sa.select(Attachment))
        assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
        attachment_id = attachment.id
    assert len(stored_files(store)) == 1
    auth.logout()
    auth.login("hr.tianfu")
    download = client.get(f"/attachments/{attachment_id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "application/pdf"
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.object_type == "attachment")
        ).all()
    assert actions == ["attachment.upload", "attachment.download"]


def test_another_districts_hr_gets_403_on_listing_and_download(app, client, auth, world):
    auth.login("hr.liangjiang")
    upload(client, _posting_url(world), PDF, "协议书.pdf", kind="agreement")
    with app.app_context():
        attachment_id = db.session.scalar(sa.select(Attachment.id))
    auth.logout()
    auth.login("hr.cdedz")
    assert client.get(f"/postings/{world.p_zx}").status_code == 403
    assert client.get(_posting_url(world)).status_code == 403
    response = client.get(f"/attachments/{attachment_id}")
    assert response.status_code == 403 and PDF not in response.data
    auth.logout()
    auth.login("zhangxiang")  # the official reads his own posting's documents
    assert client.get(f"/attachments/{attachment_id}").status_code == 200
    assert client.get(_posting_url(world)).status_code == 403


@pytest.mark.parametrize(
    "data, name, code",
    [
        (PNG, "派遣函.pdf", "type_mismatch"),
        (ELF, "任职通知.pdf", "type_not_accepted"),
        (
            docx_bytes(b"<w:document>" + b"A" * 5_000_000 + b"</w:document>"),
            "总结.docx",
            "zip_bomb",
        ),
        (PDF, "../../etc/passwd.pdf", "filename_path"),
        (PDF, "a\x07b.pdf", "filename_control"),
        (b"", "empty.pdf", "empty_file"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    app, client, auth, world, store, data, name, code
):
    auth.login("hr.liangjiang")
    response = upload(client, _posting_url(world), data, name)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0
    assert stored_files(store) == []


def test_refusal_codes_from_the_service(ctx, world):
    from exchange.attachments import services
    from exchange.auth.models import User
    from exchange.files import FileRefused

    posting = db.session.get(Posting, world.p_zx)
    hr = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
    data = services.AttachmentData("dispatch_letter")
    for payload, name, code in [
        (PNG, "x.pdf", "type_mismatch"),
        (ELF, "x.pdf", "type_not_accepted"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "x.docx", "old_or_encrypted"),
        (PDF, "dir/x.pdf", "filename_path"),
    ]:
        with pytest.raises(FileRefused) as caught:
            services.add_attachments(
                "posting", posting, data, [services.Upload(name, io.BytesIO(payload))], hr
            )
        assert caught.value.codes == [code]
    ctx.config["ATTACHMENT_MAX_FILE_BYTES"] = 10
    with pytest.raises(FileRefused) as caught:
        services.add_attachments(
            "posting", posting, data, [services.Upload("x.pdf", io.BytesIO(PDF))], hr
        )
    assert caught.value.codes == ["file_too_large"]


def test_docx_xlsx_ofd_and_images_are_accepted(ctx, world, store):
    from exchange.attachments import services
    from exchange.auth.models import User

    posting = db.session.get(Posting, world.p_zx)
    hr = db.session.scalar(sa.select(User).where(User.username == "hr.tianfu"))
    files = [("鉴定表.docx", docx_bytes()), ("任职通知.ofd", ofd_bytes()), ("photo.png", PNG)]
    made = services.add_attachments(
        "posting",
        posting,
        services.AttachmentData("other"),
        [services.Upload(name, io.BytesIO(data)) for name, data in files],
        hr,
    )
    assert [a.content_type for a in made] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/ofd",
        "image/png",
    ]


def test_a_new_version_keeps_the_old_and_deletion_needs_a_reason(app, client, auth, world, store):
    auth.login("hr.liangjiang")
    upload(client, _posting_url(world), PDF, "协议书.pdf", kind="agreement")
    with app.app_context():
        first = db.session.scalar(sa.select(Attachment.id))
    response = client.post(
        f"/attachments/{first}/version",
        data={"files": (io.BytesIO(PDF + b"%v2"), "协议书（签字）.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(sa.select(Attachment).order_by(Attachment.id)).all()
        assert len(rows) == 2 and rows[1].previous_id == first
        latest = rows[1].id
    assert len(stored_files(store)) == 2
    assert client.post(f"/attachments/{latest}/delete", data={"reason": ""}).status_code == 400
    response = client.post(f"/attachments/{latest}/delete", data={"reason": "上传错了文件"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0
        event = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "attachment.delete")
        )
        assert event.changes["reason"] == [None, "上传错了文件"]
    assert stored_files(store) == []


def test_deleting_a_posting_proposal_removes_its_files(app, client, auth, world, store):
    with app.app_context():
        from exchange.cadres.models import Cadre
        from exchange.org.models import Department
        from exchange.programmes.models import Programme

        proposal = f.create_posting(
            db.session.get(Cadre, world.cadre_other),
            db.session.get(Department, world.tf_hq),
            db.session.get(Programme, world.programme),
            start_date=__import__("datetime").date(2027, 1, 1),
            planned_end_date=__import__("datetime").date(2027, 6, 30),
            status="proposed",
        )
        db.session.commit()
        proposal_id, version = proposal.id, proposal.version
    auth.login("hr.liangjiang")
    upload(client, f"/attachments/posting/{proposal_id}/new", PDF, "派遣函.pdf")
    upload(
        client,
        f"/attachments/posting/{proposal_id}/new",
        docx_bytes(),
        "协议书.docx",
        kind="agreement",
    )
    assert len(stored_files(store)) == 2
    auth.logout()
    auth.login("hr.tianfu")  # the host side may not delete the home side's proposal
    denied = client.post(
        f"/postings/{proposal_id}/delete", data={"delete-reason": "x", "delete-version": version}
    )
    assert denied.status_code == 403
    auth.logout()
    auth.login("hr.liangjiang")
    response = client.post(
        f"/postings/{proposal_id}/delete",
        data={"delete-reason": "录入错误", "delete-version": version},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Posting, proposal_id) is None
        assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0
    assert stored_files(store) == []


def test_a_refused_request_leaves_no_file_behind(ctx, world, store):
    from exchange.attachments import services
    from exchange.auth.models import User

    posting = db.session.get(Posting, world.p_zx)
    hr = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
    services.add_attachments(
        "posting",
        posting,
        services.AttachmentData("other"),
        [services.Upload("a.pdf", io.BytesIO(PDF))],
        hr,
    )
    assert len(stored_files(store)) == 1
    db.session.rollback()
    assert stored_files(store) == []


def test_programme_and_report_pages_show_their_documents(app, client, auth, world):
    auth.login("hr.liangjiang")
    response = upload(
        client,
        f"/attachments/programme/{world.programme}/new",
        PDF,
        "互派协议.pdf",
        kind="programme_agreement",
    )
    assert response.status_code == 302
    assert "互派协议" in client.get(f"/programmes/{world.programme}").get_data(as_text=True)
    assert client.get(f"/attachments/report/{world.r_zx}/new").status_code == 403
    auth.logout()
    auth.login("zhangxiang")
    response = upload(
        client, f"/attachments/report/{world.r_zx}/new", PNG, "活动.png", kind="photo"
    )
    assert response.status_code == 302
    assert "活动" in client.get(f"/reports/{world.r_zx}").get_data(as_text=True)


def test_a_request_over_the_limit_is_refused_with_413(app, client, auth, world, store):
    app.config["ATTACHMENT_MAX_REQUEST_BYTES"] = 64 * 1024
    auth.login("hr.liangjiang")
    response = upload(client, _posting_url(world), PDF + b"0" * 100_000, "big.pdf")
    assert response.status_code == 413
    assert stored_files(store) == []
    # Uploads have their own limit, larger than the app-wide MAX_CONTENT_LENGTH.
    app.config["MAX_CONTENT_LENGTH"] = 32 * 1024
    app.config["ATTACHMENT_MAX_REQUEST_BYTES"] = 1024 * 1024
    assert upload(client, _posting_url(world), PDF + b"0" * 300_000, "big.pdf").status_code == 302
