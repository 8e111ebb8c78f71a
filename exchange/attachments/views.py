"""Attachment pages: upload, download (checked and audited every time), versions, deletion."""

from flask import current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.datastructures import FileStorage

from exchange import policy
from exchange.attachments import bp, services
from exchange.attachments.forms import DeleteForm, UploadForm, VersionForm
from exchange.attachments.models import Attachment
from exchange.attachments.sections import documents
from exchange.db import will_write
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.programmes.models import Programme
from exchange.reports.models import ReflectionLog
from exchange.storage import get_storage, iter_file
from exchange.web.actions import act, form_status
from exchange.web.loaders import load_allowed, load_or_404

RECORDS = {"posting": Posting, "programme": Programme, "report": ReflectionLog}
PAGES = {
    "posting": ("postings.detail", "posting_id"),
    "programme": ("programmes.detail", "programme_id"),
    "report": ("reports.detail", "report_id"),
}
UPLOAD_ENDPOINTS = {"attachments.upload", "attachments.version"}


@bp.before_app_request
def _upload_limit():
    """Uploads may be larger than other requests (the app-wide MAX_CONTENT_LENGTH)."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = current_app.config["ATTACHMENT_MAX_REQUEST_BYTES"]


def record_url(record_type: str, record) -> str:
    endpoint, arg = PAGES[record_type]
    return url_for(endpoint, **{arg: record.id})


def _uploads(form) -> list[services.Upload]:
    files = [f for f in (form.files.data or []) if isinstance(f, FileStorage)]
    return [services.Upload(f.filename, f.stream) for f in files]


def _load_record(record_type: str, record_id: int):
    record = load_or_404(RECORDS[record_type], record_id)
    policy.require(policy.can_view_attachments(current_user, record_type, record))
    policy.require(policy.can_add_attachment(current_user, record_type, record))
    return record


@bp.route(
    "/attachments/<any(posting, programme, report):record_type>/<int:record_id>/new",
    methods=["GET", "POST"],
)
@login_required
def upload(record_type: str, record_id: int):
    record = _load_record(record_type, record_id)
    form = UploadForm().for_record(record_type)

    def render(status):
        return (
            render_template(
                "attachments/upload.html",
                form=form,
                record_type=record_type,
                record=record,
                back=record_url(record_type, record),
                documents=documents(current_user, record_type, record),
            ),
            status,
        )

    if request.method == "GET":
        return render(200)
    return act(
        form,
        lambda: services.add_attachments(
            record_type,
            record,
            services.AttachmentData(
                form.kind.data,
                form.title.data or "",
                form.doc_number.data or "",
                form.doc_date.data,
            ),
            _uploads(form),
            current_user,
        ),
        done=_l("The document was added."),
        success=record_url(record_type, record),
        failure=render,
    )


@bp.route("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    attachment = load_allowed(Attachment, attachment_id, policy.can_view_attachment)
    will_write()
    services.record_download(attachment, current_user)
    db.session.commit()
    stream = get_storage().open(attachment.storage_key)
    response = current_app.response_class(
        iter_file(stream), mimetype=attachment.content_type, direct_passthrough=True
    )
    response.headers.set("Content-Disposition", "attachment", filename=attachment.filename)
    response.headers["Content-Length"] = str(attachment.size)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/attachments/<int:attachment_id>/version", methods=["GET", "POST"])
@login_required
def version(attachment_id: int):
    attachment = load_allowed(Attachment, attachment_id, policy.can_view_attachment)
    policy.require(policy.can_delete_attachment(current_user, attachment))
    form = VersionForm()
    back = record_url(attachment.record_type, attachment.record)

    def render(status):
        return render_template(
            "attachments/version.html",
            form=form,
            attachment=attachment,
            back=back,
            versions=services.versions(attachment),
        ), status

    if request.method == "GET":
        return render(200)

    return act(
        form,
        lambda: services.add_version(attachment, _uploads(form), current_user),
        done=_l("The new version was added."),
        success=back,
        failure=render,
    )


@bp.route("/attachments/<int:attachment_id>/delete", methods=["GET", "POST"])
@login_required
def delete(attachment_id: int):
    attachment = load_allowed(Attachment, attachment_id, policy.can_view_attachment)
    policy.require(policy.can_delete_attachment(current_user, attachment))
    form = DeleteForm()
    back = record_url(attachment.record_type, attachment.record)

    def render(status):
        return render_template(
            "attachments/delete.html",
            form=form,
            attachment=attachment,
            back=back,
            versions=services.versions(attachment),
        ), status

    if request.method == "GET":
        return render(form_status(form))
    return act(
        form,
        lambda: services.delete_attachment(attachment, current_user, form.reason.data),
        done=_l("The document was deleted."),
        success=back,
        failure=render,
    )
