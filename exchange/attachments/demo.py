"""Demo documents: 张想's dispatch letter and the 2020 agreement, as small made-up PDFs; idempotent."""

import io

import sqlalchemy as sa

from exchange.attachments.models import Attachment, AttachmentKind
from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.programmes.models import Programme


def _pdf(text: str) -> bytes:
    """A one-page PDF saying ``text`` (ASCII), enough for a viewer to open."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def seed(created: dict, password: str) -> None:
    from exchange.attachments import services

    created.setdefault("attachments", 0)
    if db.session.scalar(sa.select(sa.func.count(Attachment.id))):
        return
    hr = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
    posting = db.session.scalar(
        sa.select(Posting).join(Cadre).where(Cadre.name == "张想").order_by(Posting.start_date)
    )
    programme = db.session.scalar(sa.select(Programme).order_by(Programme.start_date))
    if hr is None or posting is None or programme is None:
        return
    documents = [
        (
            "posting",
            posting,
            services.AttachmentData(
                AttachmentKind.DISPATCH_LETTER,
                "关于选派张想同志赴天府新区挂职的函（演示）",
                "两江组人函〔2020〕演示1号",
            ),
            "派遣函.pdf",
            "Dispatch letter (demo)",
        ),
        (
            "programme",
            programme,
            services.AttachmentData(
                AttachmentKind.PROGRAMME_AGREEMENT,
                "互派干部挂职交流协议（演示）",
                "",
                programme.agreement_date,
            ),
            "互派协议.pdf",
            "Exchange agreement (demo)",
        ),
    ]
    for record_type, record, data, filename, text in documents:
        services.add_attachments(
            record_type, record, data, [services.Upload(filename, io.BytesIO(_pdf(text)))], hr
        )
        created["attachments"] += 1
