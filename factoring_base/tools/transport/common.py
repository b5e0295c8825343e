# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The upload protocol, its errors and settings, and the folder target; see the package docstring."""

import contextlib
import dataclasses
import errno
import logging
import posixpath
import socket
import ssl
import stat

_logger = logging.getLogger(__name__)

CHUNK_SIZE = 256 * 1024
DEFAULT_TIMEOUT = 30.0


class TransportError(Exception):
    """Base class of every transport failure; ``retryable``: the same attempt later can succeed unchanged."""

    retryable = True


class TransportConnectionError(TransportError):
    """The server could not be reached: connection refused, timeout, unknown host, failed SSH/TLS handshake."""


class TransferError(TransportError):
    """The transfer failed: permission denied, disk full, connection dropped, size mismatch."""


class MissingDirectoryError(TransferError):
    """The target directory does not exist, is not a directory or cannot be entered."""
    retryable = False


class HostKeyError(TransportError):
    """The SFTP server's host key does not match the pinned fingerprint, or no fingerprint is pinned."""
    retryable = False


class AuthenticationError(TransportError):
    """The login was refused, no credentials are configured, or the private key could not be loaded."""
    retryable = False


class RemoteFileConflict(TransportError):
    """Another file (other size, or not a file) has the final name; it is never overwritten."""
    retryable = False


class Settings:
    _secret_fields = ()

    def __repr__(self):  # secrets shown as '***' (None when unset)
        values = ((field.name, getattr(self, field.name)) for field in dataclasses.fields(self))
        shown = (f"{name}={('***' if value and name in self._secret_fields else value)!r}" for name, value in values)
        return f"{type(self).__name__}({', '.join(shown)})"


@dataclasses.dataclass(frozen=True)
class UploadResult:
    remote_path: str
    size: int
    already_present: bool  # the same file was already there: nothing uploaded


_OS_REASONS = {errno.EACCES: "permission denied", errno.EPERM: "permission denied", errno.ENOSPC: "disk full",
               errno.EDQUOT: "disk full", errno.ENOENT: "no such file or directory",
               errno.EHOSTUNREACH: "host unreachable", errno.ENETUNREACH: "host unreachable"}


def reason(exc):
    """Short English description of a low-level error (the texts come from the OS or the server)."""
    text = str(exc)
    if isinstance(exc, socket.gaierror):
        return f"host name could not be resolved ({exc.strerror or exc})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, (ConnectionError, EOFError, ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return "connection dropped"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate verification failed ({exc.verify_message or exc})"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc.reason or exc})"
    if isinstance(exc, OSError) and exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return getattr(exc, "strerror", None) or text or type(exc).__name__


class Remote:
    """A folder or server with the raw operations of the upload protocol; ``with remote:`` connects and closes.

    ``connect``, ``size`` (None when absent), ``remove``, ``write``, ``rename`` (never replacing an existing target
    where the server allows), ``listdir`` and ``close`` raise the library's own exceptions; ``step`` turns them into
    ``TransportError``. Every message starts with ``label`` and has the ``secrets`` masked.
    """

    def __init__(self, label, directory, secrets=()):
        self.label, self.directory, self.secrets = label, directory or "", secrets

    def reason(self, exc):
        """``reason`` of the error; the SFTP and FTP targets add their library's errors."""
        return reason(exc)

    def error(self, cls, message, exc=None):
        text = f"{self.label}: {message}" + (f": {self.reason(exc)}" if exc is not None else "")
        for secret in filter(None, self.secrets):
            text = text.replace(secret, "***")
        return cls(text)

    @contextlib.contextmanager
    def step(self, message, cls=TransferError, refused=(), refused_cls=None):
        """Raise ``cls(message: reason)`` for a library exception, ``refused_cls`` for one of the ``refused`` types."""
        try:
            yield
        except TransportError:
            raise
        except Exception as exc:
            raise self.error(refused_cls if isinstance(exc, refused) else cls, message, exc) from exc

    def path(self, name):
        return posixpath.join(self.directory, name) if self.directory else name

    def size(self, name):  # ``files`` is paramiko's SFTPClient or ``os``: the same stat and remove (FTP overrides)
        with contextlib.suppress(FileNotFoundError):
            info = self.files.stat(self.path(name))
            if info.st_mode is not None and not stat.S_ISREG(info.st_mode):
                raise self.error(RemoteFileConflict, f"'{self.path(name)}' exists and is not a regular file")
            return info.st_size
        return None

    def remove(self, name):
        self.files.remove(self.path(name))

    def __enter__(self):
        try:
            self.connect()
        except BaseException:
            self.close(graceful=False)
            raise
        return self

    def __exit__(self, exc_type, exc, traceback):
        self.close(graceful=exc_type is None)

    def describe(self, pin_note=""):
        """``test_connection``'s report, once the directory could be listed (FTP: over a data connection)."""
        with self.step("listing the remote directory failed"):
            self.listdir()
        where = f"remote directory '{self.directory}'" if self.directory else "the login directory"
        return f"Connected to {self.label}{pin_note}, {where} is accessible."


def deliver(remote, filename, content, progress=None):
    """The upload protocol of the module docstring, on a connected ``Remote``."""
    total, final_path, part = len(content), remote.path(filename), f".{filename}.part"

    def size(name):
        with remote.step(f"reading the size of '{remote.path(name)}' failed"):
            return remote.size(name)

    def remove(name):
        with remote.step(f"removing '{remote.path(name)}' failed"):
            remote.remove(name)

    def settle(existing):
        if existing != total:
            raise remote.error(RemoteFileConflict, f"'{final_path}' already exists with {existing} bytes instead of "
                                                   f"{total}; a different file is there under the same name and is "
                                                   "left untouched")
        _logger.info("%s: %s is already present (%d bytes), nothing uploaded", remote.label, final_path, total)
        return UploadResult(final_path, total, True)

    existing = size(filename)
    if existing is not None:
        return settle(existing)
    if size(part) is not None:
        _logger.info("%s: removing leftover temporary file %s", remote.label, remote.path(part))
        remove(part)
    try:
        with remote.step(f"writing '{remote.path(part)}' failed"):
            remote.write(part, content, progress)
    except TransportError as error:
        try:  # free the space of a partial file (disk full); a dead connection: ``upload`` tries a fresh one
            remove(part)
        except TransportError:
            error.leftover_part = part
        raise
    written = size(part)
    if written != total:
        with contextlib.suppress(TransportError):
            remove(part)
        raise remote.error(TransferError, f"'{remote.path(part)}' has {written} bytes after writing instead of {total}")
    try:
        with remote.step(f"renaming '{remote.path(part)}' to '{final_path}' failed"):
            remote.rename(part, filename)
    except TransportError as rename_error:
        # Someone may have created the final name meanwhile (a concurrent attempt): settle as above, drop our part.
        try:
            existing = size(filename)
        except TransportError:
            raise rename_error from None
        if existing is None:
            raise
        with contextlib.suppress(TransportError):
            remove(part)
        return settle(existing)
    final_size = size(filename)
    if final_size != total:
        raise remote.error(TransferError, f"'{final_path}' has {final_size} bytes after renaming instead of {total}")
    _logger.info("%s: uploaded %s (%d bytes)", remote.label, final_path, total)
    return UploadResult(final_path, total, False)


def chunks(content, progress):
    view, total = memoryview(content), len(content)
    for offset in range(0, total, CHUNK_SIZE):
        yield view[offset : offset + CHUNK_SIZE]
        if progress:
            progress(min(offset + CHUNK_SIZE, total), total)
