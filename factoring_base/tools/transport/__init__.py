# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Upload one file to a folder, an SFTP server or an FTP/FTPS server, never losing it and never writing it twice.

No Odoo imports; only public APIs of paramiko (SFTP), ftplib (FTP, explicit FTPS) and the standard library.

    result = upload(SftpSettings(host=..., username=..., password=..., remote_dir="/in",
                                 host_key_fingerprint="SHA256:..."), "batch-0001.xlsx", data)

The protocol, the same for every transport: a final name already there with the same size counts as delivered
(``already_present``), with another size it is a ``RemoteFileConflict`` and is never overwritten. Otherwise the
content is written as ``.<name>.part`` (replacing a leftover of an interrupted attempt), its size is checked, it is
renamed to the final name and the size is checked again. Any failure can simply be retried: it leaves nothing, a
``.part`` file (replaced by the retry) or the complete final file (recognised by the retry).

SFTP host keys are pinned: the server key's SHA256 fingerprint (as ``ssh-keygen -lf`` prints it, see
``fetch_host_key``) must equal ``SftpSettings.host_key_fingerprint`` before logging in; ``known_hosts`` is never
read or written.

Failures raise ``TransportError`` subclasses with an English message naming the server, the path and the reason,
never a password, key or passphrase; ``retryable`` is False when a person must act first.
"""

import logging

from .common import (
    CHUNK_SIZE,
    DEFAULT_TIMEOUT,
    AuthenticationError,
    HostKeyError,
    MissingDirectoryError,
    RemoteFileConflict,
    TransferError,
    TransportConnectionError,
    TransportError,
    UploadResult,
    deliver,
)
from .folder import FolderRemote, FolderSettings
from .ftp import FtpRemote, FtpSettings
from .sftp import SftpRemote, SftpSettings, fetch_host_key, host_key_fingerprint

_logger = logging.getLogger(__name__)


def upload(settings, filename, content, progress=None):
    """Upload ``content`` (bytes) as ``filename`` into the target of ``settings``; see the module docstring.

    ``filename`` is a plain name (no directories, no leading dot). ``progress(sent, total)`` is called after each
    written chunk. Returns an ``UploadResult``; raises ``TransportError`` subclasses (``ValueError`` for a bad name).
    """
    if not isinstance(filename, str) or not filename or filename[0] == "." or set(filename) & set("/\\\0\r\n"):
        raise ValueError(f"Invalid file name {filename!r}: no path separators, control characters or leading dot")
    content = bytes(content)
    try:
        with _remote(settings) as remote:
            return deliver(remote, filename, content, progress)
    except TransportError as error:
        part = getattr(error, "leftover_part", None)
        if part:  # best effort over a new connection; the next attempt replaces the part file anyway
            try:
                with _remote(settings) as remote, remote.step(f"removing '{remote.path(part)}' failed"):
                    if remote.size(part) is not None:
                        remote.remove(part)
            except TransportError as cleanup_error:
                _logger.info("Could not remove the temporary file %s yet: %s", part, cleanup_error)
        raise


def test_connection(settings):
    """Connect, log in and check the target directory without writing anything; returns a one-line English report.

    Raises the same ``TransportError`` subclasses as ``upload``.
    """
    with _remote(settings) as remote:
        return remote.describe()


def _remote(settings):
    remotes = {FolderSettings: FolderRemote, SftpSettings: SftpRemote, FtpSettings: FtpRemote}
    if type(settings) not in remotes:
        raise TypeError(f"Unsupported transport settings: {type(settings).__name__}")
    return remotes[type(settings)](settings)


__all__ = [
    "CHUNK_SIZE", "DEFAULT_TIMEOUT", "AuthenticationError", "FolderSettings", "FtpSettings", "HostKeyError",
    "MissingDirectoryError", "RemoteFileConflict", "SftpSettings", "TransferError", "TransportConnectionError",
    "TransportError", "UploadResult", "fetch_host_key", "host_key_fingerprint", "test_connection", "upload",
]
