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

import base64
import contextlib
import dataclasses
import errno
import ftplib
import hashlib
import hmac
import io
import logging
import os
import posixpath
import socket
import ssl
import stat

import paramiko

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


class _Settings:
    _secret_fields = ()

    def __repr__(self):  # secrets shown as '***' (None when unset)
        values = ((field.name, getattr(self, field.name)) for field in dataclasses.fields(self))
        shown = (f"{name}={('***' if value and name in self._secret_fields else value)!r}" for name, value in values)
        return f"{type(self).__name__}({', '.join(shown)})"


@dataclasses.dataclass(repr=False)
class FolderSettings(_Settings):
    path: str  # a local (or mounted) folder, which must exist


@dataclasses.dataclass(repr=False, kw_only=True)
class SftpSettings(_Settings):
    """SFTP with a pinned host key ``"SHA256:..."`` (required); login by private key (tried first) and/or password.

    ``private_key`` is OpenSSH or PEM text; ``remote_dir`` is absolute, or relative to the login directory.
    """

    _secret_fields = ("password", "private_key", "passphrase")

    host: str
    port: int = 22
    username: str
    password: str | None = None
    private_key: str | None = None
    passphrase: str | None = None
    remote_dir: str = ""
    host_key_fingerprint: str | None = None
    timeout: float = DEFAULT_TIMEOUT


@dataclasses.dataclass(repr=False, kw_only=True)
class FtpSettings(_Settings):
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


@dataclasses.dataclass(frozen=True)
class UploadResult:
    remote_path: str
    size: int
    already_present: bool  # the same file was already there: nothing uploaded


_OS_REASONS = {errno.EACCES: "permission denied", errno.EPERM: "permission denied", errno.ENOSPC: "disk full",
               errno.EDQUOT: "disk full", errno.ENOENT: "no such file or directory",
               errno.EHOSTUNREACH: "host unreachable", errno.ENETUNREACH: "host unreachable"}
_FTP_REASONS = {"452": "disk full or quota exceeded", "552": "disk full or quota exceeded", "530": "login refused"}


def _reason(exc):
    """Short English description of a low-level error (the texts come from the OS or the server)."""
    text = str(exc)
    if isinstance(exc, socket.gaierror):
        return f"host name could not be resolved ({exc.strerror or exc})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if (isinstance(exc, (ConnectionError, EOFError, ssl.SSLEOFError, ssl.SSLZeroReturnError))
            or text == "Socket is closed"  # paramiko's channel after the connection dropped
            or isinstance(exc, paramiko.SSHException) and ("dropped" in text or "closed" in text.lower())):
        return "connection dropped"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate verification failed ({exc.verify_message or exc})"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc.reason or exc})"
    if isinstance(exc, ftplib.Error):
        reason = _FTP_REASONS.get(text[:3])
        return f"{reason} (server replied: {text.strip()})" if reason else f"server replied: {text.strip()}"
    if isinstance(exc, paramiko.SSHException):
        return f"SSH error ({text})"
    if isinstance(exc, OSError) and exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    if text == "Failure":  # SFTP's generic SSH_FX_FAILURE: OpenSSH reports a full disk or a quota this way
        return "the server reported a failure (for example disk full or quota exceeded)"
    return getattr(exc, "strerror", None) or text or type(exc).__name__


class _Remote:
    """A folder or server with the raw operations of the upload protocol; ``with remote:`` connects and closes.

    ``connect``, ``size`` (None when absent), ``remove``, ``write``, ``rename`` (never replacing an existing target
    where the server allows), ``listdir`` and ``close`` raise the library's own exceptions; ``step`` turns them into
    ``TransportError``. Every message starts with ``label`` and has the ``secrets`` masked.
    """

    def __init__(self, label, directory, secrets=()):
        self.label, self.directory, self.secrets = label, directory or "", secrets

    def error(self, cls, message, exc=None):
        text = f"{self.label}: {message}" + (f": {_reason(exc)}" if exc is not None else "")
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


def _deliver(remote, filename, content, progress=None):
    """The upload protocol of the module docstring, on a connected ``_Remote``."""
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


def _chunks(content, progress):
    view, total = memoryview(content), len(content)
    for offset in range(0, total, CHUNK_SIZE):
        yield view[offset : offset + CHUNK_SIZE]
        if progress:
            progress(min(offset + CHUNK_SIZE, total), total)


class _FolderRemote(_Remote):
    files = os

    def __init__(self, settings):
        super().__init__(f"folder '{settings.path}'", settings.path)

    def connect(self):
        if not self.directory or not os.path.isdir(self.directory):
            raise self.error(MissingDirectoryError, "the folder does not exist or is not a directory")

    def write(self, name, content, progress):  # pylint: disable=method-required-super  # not an Odoo model
        with open(self.path(name), "wb") as handle:
            handle.writelines(_chunks(content, progress))
            handle.flush()
            os.fsync(handle.fileno())

    def rename(self, source, target):
        source_path, target_path = self.path(source), self.path(target)
        try:
            os.link(source_path, target_path)  # link + unlink never replaces an existing target (rename would)
        except OSError as exc:
            if isinstance(exc, FileExistsError) or exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EMLINK):
                raise
            if os.path.lexists(target_path):  # no hard links on this file system: check, then rename
                raise FileExistsError(errno.EEXIST, "target exists", target_path) from exc
            os.rename(source_path, target_path)
        else:
            os.unlink(source_path)
        descriptor = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)  # the new name survives a crash
        finally:
            os.close(descriptor)

    def describe(self, pin_note=""):
        if not os.access(self.directory, os.W_OK | os.X_OK):
            raise self.error(TransferError, "the folder is not writable: permission denied")
        return f"Folder '{self.directory}' exists and is writable."

    def close(self, graceful=True):
        pass


def host_key_fingerprint(key):
    """SHA256 fingerprint of a paramiko key, formatted like ``ssh-keygen -lf``: ``SHA256:<base64 without '='>``."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(key.asbytes()).digest()).decode("ascii").rstrip("=")


def fetch_host_key(host, port=22, timeout=DEFAULT_TIMEOUT):
    """The host key an SFTP server presents: ``(key_type, "SHA256:...", key_base64)``.

    It connects exactly as an upload does, with no pin: refused after the key exchange, before any login.
    """
    remote = _SftpRemote(SftpSettings(host=host, port=port, username="", timeout=timeout))
    with contextlib.suppress(HostKeyError), remote:
        pass
    return remote.key.get_name(), host_key_fingerprint(remote.key), remote.key.get_base64()


class _SftpRemote(_Remote, paramiko.MissingHostKeyPolicy):
    """SFTP through paramiko's ``SSHClient``, which calls back ``missing_host_key`` after the key exchange (no host
    keys are ever loaded: every key is "missing") and then ``authenticate`` (this object is its ``auth_strategy``)."""

    def __init__(self, settings):
        user = f" (user '{settings.username}')" if settings.username else ""
        super().__init__(f"SFTP server {settings.host}:{settings.port}{user}", settings.remote_dir,
                         (settings.password, settings.private_key, settings.passphrase))
        self.settings, self.client, self.files, self.key = settings, None, None, None  # files: the SFTP session

    def connect(self):
        settings, pin = self.settings, (self.settings.host_key_fingerprint or "").strip()
        if pin and not pin.upper().startswith("SHA256:"):
            raise self.error(HostKeyError, "the pinned host key fingerprint must look like 'SHA256:...' (as "
                                           "ssh-keygen -lf prints)")
        self.pin = pin and "SHA256:" + pin[len("SHA256:") :].strip().rstrip("=")
        with self.step("cannot connect", TransportConnectionError):
            sock = socket.create_connection((settings.host, settings.port), timeout=settings.timeout)
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(self)
        try:
            self.client.connect(settings.host, settings.port, sock=sock, timeout=settings.timeout,
                                banner_timeout=settings.timeout, auth_timeout=settings.timeout, auth_strategy=self)
        except Exception as exc:
            if isinstance(exc, TransportError):
                raise
            raise self.error(TransportConnectionError, "login failed" if self.key else "SSH handshake failed",
                             exc) from exc
        with self.step("opening the SFTP session failed", TransportConnectionError):
            self.files = self.client.open_sftp()
            self.files.get_channel().settimeout(settings.timeout)
        mode = 0
        with self.step(f"checking remote directory '{self.directory}' failed"), contextlib.suppress(FileNotFoundError):
            mode = self.files.stat(self.directory or ".").st_mode or stat.S_IFDIR
        if not stat.S_ISDIR(mode):
            raise self.error(MissingDirectoryError, f"remote directory '{self.directory}' does not exist or is not "
                                                    "a directory")

    def missing_host_key(self, client, hostname, key):
        """paramiko's MissingHostKeyPolicy: accept the server's key only if its fingerprint is the pinned one."""
        self.key, fingerprint = key, host_key_fingerprint(key)
        presents = f"the server presents {key.get_name()} {fingerprint}"
        if not self.pin:
            raise self.error(HostKeyError, f"no host key fingerprint is pinned; {presents}: verify it out of band "
                                           "before pinning it")
        if not hmac.compare_digest(self.pin.encode(), fingerprint.encode()):
            raise self.error(HostKeyError, f"host key mismatch: {presents}, but {self.pin} is pinned; not logging in")

    def authenticate(self, transport):
        """paramiko's AuthStrategy: the private key, then the password; no agent, no ~/.ssh keys, no prompts."""
        username, failures = self.settings.username, []
        for method, login, secret in (("key", transport.auth_publickey, self.private_key()),
                                      ("password", transport.auth_password, self.settings.password)):
            if not secret:
                continue
            try:
                login(username, secret)
            except paramiko.BadAuthenticationType as exc:
                failures.append(f"{method} login not accepted by the server, it allows: {', '.join(exc.allowed_types)}")
                continue
            except paramiko.AuthenticationException:
                failures.append(f"{method} rejected")
                continue
            if transport.is_authenticated():
                return
            failures.append(f"{method} accepted but the server asks for more authentication steps")
        if not failures:
            raise self.error(AuthenticationError, "no password or private key is configured")
        raise self.error(AuthenticationError, f"login refused ({'; '.join(failures)})")

    def private_key(self):
        """The paramiko key of ``private_key`` (OpenSSH or PEM text: Ed25519, ECDSA, RSA); errors never quote it."""
        text, passphrase, encrypted = self.settings.private_key, self.settings.passphrase or None, False
        for key_class in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey) if text else ():
            try:
                return key_class.from_private_key(io.StringIO(text), password=passphrase)
            except paramiko.PasswordRequiredException:
                encrypted = True
            except Exception:  # noqa: BLE001 - another key type, a wrong passphrase or no key: try the next class
                continue
        if not text:
            return None
        raise self.error(AuthenticationError, "the private key is encrypted and no passphrase is configured"
                         if encrypted and not passphrase else "the private key could not be loaded (wrong "
                         "passphrase, or not an Ed25519, ECDSA or RSA key in OpenSSH or PEM format)")

    def write(self, name, content, progress):  # pylint: disable=method-required-super  # not an Odoo model
        # Not pipelined: paramiko waits for the answer to every write, so a refused write (disk full) raises here
        # with its reason. Transfer files are small: the round trips cost little.
        with self.files.open(self.path(name), "wb") as handle:
            for chunk in _chunks(content, progress):
                handle.write(chunk)

    def rename(self, source, target):
        self.files.rename(self.path(source), self.path(target))  # not posix-rename: OpenSSH never replaces a target

    def listdir(self):
        self.files.listdir(self.directory or ".")

    def describe(self, pin_note=""):
        return super().describe(f", host key {host_key_fingerprint(self.key)} matches the pin")

    def close(self, graceful=True):
        if self.client is not None:
            self.client.close()  # the SFTP session and the connection


class _FtpTls(ftplib.FTP_TLS):
    """FTP_TLS resuming the control connection's TLS session on data connections (many servers require it).

    Every data connection is protected: ``_FtpRemote`` sends ``PROT P`` right after logging in.
    """

    def ntransfercmd(self, cmd, rest=None):
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)  # the plain data connection, wrapped here
        return self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session), size


class _FtpRemote(_Remote):
    def __init__(self, settings):
        super().__init__(f"{'FTPS' if settings.tls else 'FTP'} server {settings.host}:{settings.port} (user "
                         f"'{settings.username}')", settings.remote_dir, (settings.password,))
        self.settings, self.ftp = settings, None

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
            return _deliver(remote, filename, content, progress)
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
    remotes = {FolderSettings: _FolderRemote, SftpSettings: _SftpRemote, FtpSettings: _FtpRemote}
    if type(settings) not in remotes:
        raise TypeError(f"Unsupported transport settings: {type(settings).__name__}")
    return remotes[type(settings)](settings)
