"""Where uploaded files live: a small interface, local disk by default, S3-compatible on request.

The database says which files exist; the store only holds bytes under opaque random keys.
A deployment picks the backend with configuration alone:

- ``FILE_STORAGE=local`` (default): files under ``FILE_STORAGE_DIR`` (default
  ``<instance>/files``), outside the web root, one sub-folder per key prefix;
- ``FILE_STORAGE=s3``: any S3-compatible store (MinIO, Ceph, a cloud bucket) through boto3
  (``pip install boto3``), with ``S3_BUCKET``, ``S3_ENDPOINT_URL``, ``S3_ACCESS_KEY_ID``,
  ``S3_SECRET_ACCESS_KEY``, ``S3_REGION`` and ``S3_PREFIX`` from the environment.

Bytes and rows must not drift apart: :func:`after_commit` and :func:`after_rollback`
queue file operations on the database session, so a file written for a request that
rolls back is removed again, and a file whose record was deleted goes only once the
deletion is committed.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Protocol

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

CHUNK = 64 * 1024


class Storage(Protocol):
    """What the features need from a file store."""

    def save(self, key: str, stream: IO[bytes]) -> int:
        """Store the stream's bytes under ``key``; return how many were written."""

    def open(self, key: str) -> IO[bytes]:
        """A readable binary stream of the file (the caller closes it)."""

    def delete(self, key: str) -> None:
        """Remove the file; a missing file is not an error."""

    def exists(self, key: str) -> bool: ...


def new_key(prefix: str) -> str:
    """A random, unguessable key such as ``attachments/3f9c…``; never derived from a filename."""
    return f"{prefix}/{secrets.token_hex(20)}"


class LocalStorage:
    """Files on local disk under ``root``, written to a temporary name and renamed into place."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        if not key or any(p in ("", ".", "..") for p in parts) or "\\" in key:
            raise ValueError(f"bad storage key {key!r}")
        return self.root.joinpath(*parts)

    def save(self, key: str, stream: IO[bytes]) -> int:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        written = 0
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    out.write(chunk)
                    written += len(chunk)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return written

    def open(self, key: str) -> IO[bytes]:
        return self._path(key).open("rb")

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


class S3Storage:
    """An S3-compatible bucket; ``client`` is a boto3 S3 client (or anything that quacks so)."""

    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client, self.bucket, self.prefix = client, bucket, prefix.strip("/")

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def save(self, key: str, stream: IO[bytes]) -> int:
        data = stream.read()
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)
        return len(data)

    def open(self, key: str) -> IO[bytes]:
        return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except Exception:  # botocore's ClientError (404) or a missing key in a fake
            return False
        return True


def _build(config) -> Storage:
    backend = config.get("FILE_STORAGE", "local")
    if backend == "local":
        return LocalStorage(config["FILE_STORAGE_DIR"])
    if backend == "s3":
        try:
            import boto3
        except ImportError as error:  # pragma: no cover - depends on the deployment
            raise RuntimeError("FILE_STORAGE=s3 needs boto3: pip install boto3") from error
        client = boto3.client(
            "s3",
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            aws_access_key_id=config.get("S3_ACCESS_KEY_ID"),
            aws_secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
            region_name=config.get("S3_REGION"),
        )
        return S3Storage(client, config["S3_BUCKET"], config.get("S3_PREFIX", ""))
    raise RuntimeError(f"Unknown FILE_STORAGE {backend!r}; use local or s3")


def get_storage() -> Storage:
    """The app's store, built once from its configuration."""
    extensions = current_app.extensions
    if "file_storage" not in extensions:
        extensions["file_storage"] = _build(current_app.config)
    return extensions["file_storage"]


def iter_file(stream: IO[bytes]) -> Iterator[bytes]:
    """Read a stored file in chunks, closing it at the end (for streamed downloads)."""
    try:
        while chunk := stream.read(CHUNK):
            yield chunk
    finally:
        stream.close()


# Keeping files in step with the session ------------------------------------------------

_COMMIT, _ROLLBACK = "files_after_commit", "files_after_rollback"


def after_commit(session: Session, action: Callable[[], None]) -> None:
    """Run ``action`` once the session's transaction commits (dropped if it rolls back)."""
    session.info.setdefault(_COMMIT, []).append(action)


def after_rollback(session: Session, action: Callable[[], None]) -> None:
    """Run ``action`` if the session's transaction rolls back (dropped if it commits)."""
    session.info.setdefault(_ROLLBACK, []).append(action)


def _run(actions: list) -> None:
    for action in actions:
        try:
            action()
        except OSError:  # a file already gone is what we wanted
            current_app.logger.warning("file clean-up failed", exc_info=True)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_ROLLBACK, None)
    _run(session.info.pop(_COMMIT, []))


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is not None:  # a savepoint: the outer transaction decides
        return
    session.info.pop(_COMMIT, None)
    _run(session.info.pop(_ROLLBACK, []))
