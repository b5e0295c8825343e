# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""FTP, or explicit FTPS, through the standard library's ``ftplib``."""

import contextlib
import dataclasses
import ftplib
import io
import ssl

from .common import (
    CHUNK_SIZE,
    DEFAULT_TIMEOUT,
    AuthenticationError,
    MissingDirectoryError,
    Remote,
    Settings,
    TransferError,
    TransportConnectionError,
    reason,
)

_FTP_REASONS = {"452": "disk full or quota exceeded", "552": "disk full or quota exceeded", "530": "login refused"}


@dataclasses.dataclass(repr=False, kw_only=True)
class FtpSettings(Settings):
    """FTP, or explicit FTPS when ``tls``: certificate checked against the system CAs or ``ca_certificate`` (PEM)."""

    _secret_fields = ("password",)

    host: str
    port: int = 21
    username: str
    password: str | None = None
    tls: bool = False
    passive: bool = True
    remote_dir: str = ""
    timeout: float = DEFAULT_TIMEOUT
    ca_certificate: str | None = None


class _FtpTls(ftplib.FTP_TLS):
    """FTP_TLS resuming the control connection's TLS session on data connections (many servers require it).

    Every data connection is protected: ``FtpRemote`` sends ``PROT P`` right after logging in.
    """

    def ntransfercmd(self, cmd, rest=None):
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)  # the plain data connection, wrapped here
        return self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session), size


class FtpRemote(Remote):
    def __init__(self, settings):
        super().__init__(f"{'FTPS' if settings.tls else 'FTP'} server {settings.host}:{settings.port} (user "
                         f"'{settings.username}')", settings.remote_dir, (settings.password,))
        self.settings, self.ftp = settings, None

    def reason(self, exc):
        if isinstance(exc, ftplib.Error):
            text = str(exc).strip()
            known = _FTP_REASONS.get(text[:3])
            return f"{known} (server replied: {text})" if known else f"server replied: {text}"
        return reason(exc)

    def connect(self):
        settings = self.settings
        if settings.tls:
            with self.step("preparing TLS failed", TransportConnectionError):
                context = ssl.create_default_context(cadata=settings.ca_certificate or None)
                context.minimum_version = ssl.TLSVersion.TLSv1_2
            self.ftp = _FtpTls(context=context, timeout=settings.timeout)
        else:
            self.ftp = ftplib.FTP(timeout=settings.timeout)
        with self.step("cannot connect", TransportConnectionError):
            self.ftp.connect(settings.host, settings.port, timeout=settings.timeout)
        if settings.tls:
            with self.step("TLS negotiation (AUTH TLS) failed", TransportConnectionError):
                self.ftp.auth()
        with self.step("login failed", TransportConnectionError, ftplib.error_perm, AuthenticationError):
            self.ftp.login(settings.username, settings.password or "")
        with self.step("preparing the session failed"):
            if settings.tls:
                self.ftp.prot_p()
            self.ftp.set_pasv(settings.passive)
            self.ftp.voidcmd("TYPE I")
        if self.directory:
            with self.step(f"remote directory '{self.directory}' is not accessible", TransferError, ftplib.error_perm,
                           MissingDirectoryError):
                self.ftp.cwd(self.directory)

    def size(self, name):
        try:
            size = self.ftp.size(name)
        except ftplib.error_perm as exc:
            if str(exc)[:3] == "550":
                return None
            raise
        if size is None:
            raise self.error(TransferError, f"the server gave no size for '{self.path(name)}'")
        return size

    def remove(self, name):
        self.ftp.delete(name)

    def write(self, name, content, progress):  # pylint: disable=method-required-super  # not an Odoo model
        source = io.BytesIO(content)
        report = progress and (lambda _block: progress(source.tell(), len(content)))
        try:
            self.ftp.storbinary(f"STOR {name}", source, blocksize=CHUNK_SIZE, callback=report)
        except OSError as exc:
            # A server aborting the transfer (disk full) closes the data connection and says why on the control
            # connection: report that reply rather than the reset data connection, if it comes within 2 seconds.
            try:
                self.ftp.sock.settimeout(min(2.0, self.settings.timeout))
                self.ftp.getresp()
            except ftplib.Error as reply:
                raise reply from exc
            except Exception:  # noqa: BLE001 - the connection is gone too: the original error stands
                raise exc from None
            raise

    def rename(self, source, target):
        self.ftp.rename(source, target)  # FTP has no "rename unless the target exists": checked just before

    def listdir(self):
        self.ftp.retrlines("LIST", lambda line: None)

    def close(self, graceful=True):
        if self.ftp is not None:
            with contextlib.suppress(Exception):
                if graceful:  # after a failure, QUIT could wait for the timeout on a broken connection
                    self.ftp.quit()
            self.ftp.close()
