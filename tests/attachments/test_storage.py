"""The file store behind its interface: local disk (tested for real) and an S3-compatible bucket."""

import io

import pytest
import sqlalchemy as sa

from exchange import policy
from exchange.attachments import services
from exchange.attachments.models import Attachment
from exchange.auth.models import User
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.storage import LocalStorage, S3Storage, new_key
from tests.attachments.conftest import PDF


def test_local_storage_round_trip(tmp_path):
    storage = LocalStorage(tmp_path)
    key = new_key("attachments")
    assert storage.save(key, io.BytesIO(b"abc")) == 3
    assert storage.exists(key)
    with storage.open(key) as stream:
        assert stream.read() == b"abc"
    assert (tmp_path / key).stat().st_mode & 0o777 == 0o600
    storage.delete(key)
    storage.delete(key)  # gone already: no error
    assert not storage.exists(key)


@pytest.mark.parametrize("key", ["../x", "a//b", "", "a/../../b", "a\\b"])
def test_local_storage_refuses_keys_that_leave_its_folder(tmp_path, key):
    with pytest.raises(ValueError):
        LocalStorage(tmp_path).save(key, io.BytesIO(b"x"))


class FakeS3:
    """What S3Storage asks of a boto3 client, kept in a dict."""

    def __init__(self):
        self.objects = {}

    def put_object(self, Bucket, Key, Body):
        self.objects[(Bucket, Key)] = Body

    def get_object(self, Bucket, Key):
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)])}

    def delete_object(self, Bucket, Key):
        self.objects.pop((Bucket, Key), None)

    def head_object(self, Bucket, Key):
        if (Bucket, Key) not in self.objects:
            raise KeyError(Key)


def test_s3_storage_through_the_same_interface():
    client = FakeS3()
    storage = S3Storage(client, "exchange", prefix="prod")
    storage.save("attachments/k1", io.BytesIO(b"data"))
    assert ("exchange", "prod/attachments/k1") in client.objects
    assert storage.open("attachments/k1").read() == b"data" and storage.exists("attachments/k1")
    storage.delete("attachments/k1")
    assert not storage.exists("attachments/k1")


def test_the_s3_backend_is_chosen_by_configuration(ctx, world):
    client = FakeS3()
    ctx.extensions["file_storage"] = S3Storage(client, "bucket")
    posting = db.session.get(Posting, world.p_zx)
    hr = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
    (attachment,) = services.add_attachments(
        "posting",
        posting,
        services.AttachmentData("other"),
        [services.Upload("a.pdf", io.BytesIO(PDF))],
        hr,
    )
    assert client.objects[("bucket", attachment.storage_key)] == PDF


def test_the_scope_agrees_with_the_predicate(ctx, world):
    hr = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
    posting = db.session.get(Posting, world.p_zx)
    services.add_attachments(
        "posting",
        posting,
        services.AttachmentData("other"),
        [services.Upload("a.pdf", io.BytesIO(PDF))],
        hr,
    )
    attachments = db.session.scalars(sa.select(Attachment)).all()
    for user in db.session.scalars(sa.select(User)):
        visible = set(
            db.session.scalars(sa.select(Attachment.id).where(policy.attachment_scope(user)))
        )
        assert visible == {a.id for a in attachments if policy.can_view_attachment(user, a)}, (
            user.username
        )
