# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Upload one file to a folder, an SFTP server or an FTP/FTPS server, never losing it and never writing it twice.

No Odoo imports: paramiko for SFTP, ftplib for FTP and explicit FTPS, the standard library for folders.

    result = upload(SftpSettings(host=..., username=..., password=..., remote_dir="/in",
                                 host_key_fingerprint="SHA256:..."), "batch-0001.xlsx", data)

The same protocol runs for every transport:

1. If the final name already exists remotely with the same size, the file counts as delivered
   (``UploadResult.already_present``) and nothing is written; with a different size ``RemoteFileConflict`` is raised
   and the remote file is left alone (never overwritten).
2. Otherwise the content is written under the temporary name ``.<name>.part`` (a leftover of an earlier interrupted
   attempt is removed first), its remote size is checked against ``len(content)``, it is renamed to the final name
   and the size is checked once more.

A failed upload can therefore simply be retried: an interruption at any point leaves either nothing, a ``.part``
file (replaced by the retry) or the complete final file (recognised by the retry). The final name only ever appears
with the complete content.

SFTP host keys are pinned: the server key's SHA256 fingerprint (as ``ssh-keygen -lf`` prints it) is compared with
``SftpSettings.host_key_fingerprint`` before authenticating; ``~/.ssh/known_hosts`` is never read or written. Use
``fetch_host_key`` to show the fingerprint to an administrator, who confirms it out of band and stores it.

Every failure raises a ``TransportError`` subclass with an English message naming the server, the path and the
reason; passwords, private keys and passphrases never appear in messages, reprs or log records.
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
PART_PREFIX = "."
PART_SUFFIX = ".part"

__all__ = [
    "AuthenticationError",
    "FolderSettings",
    "FtpSettings",
    "HostKeyError",
    "RemoteFileConflict",
    "SftpSettings",
    "TransferError",
    "TransportConnectionError",
    "TransportError",
    "UploadResult",
    "fetch_host_key",
    "host_key_fingerprint",
    "part_name",
    "test_connection",
    "upload",
]


# ---------------------------------------------------------------------------------------------------------------
# Errors


class TransportError(Exception):
    """Base class of every transport failure.

    ``retryable`` tells whether trying again later, with unchanged settings, can succeed (a server that is down, a
    dropped connection) or not (a refused host key or login, a conflicting remote file).
    """

    retryable = True


class TransportConnectionError(TransportError):
    """The server could not be reached: connection refused, timeout, unknown host, failed SSH/TLS handshake."""


class HostKeyError(TransportError):
    """The SFTP server's host key does not match the pinned fingerprint, or no fingerprint is pinned."""

    retryable = False


class AuthenticationError(TransportError):
    """The server refused the login (wrong user name, password or key), or the private key could not be loaded."""

    retryable = False


class RemoteFileConflict(TransportError):
    """A different file (other size) already exists remotely under the final name; it is never overwritten."""

    retryable = False


class TransferError(TransportError):
    """The transfer itself failed: permission denied, disk full, connection dropped, size mismatch, missing folder."""


# ---------------------------------------------------------------------------------------------------------------
# Settings and result


class _MaskedRepr:
    """repr() of a settings dataclass that shows secret fields as '***' (or None when unset)."""

    _secret_fields = ()

    def __repr__(self):
        parts = []
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            shown = "'***'" if field.name in self._secret_fields and value else repr(value)
            parts.append(f"{field.name}={shown}")
        return f"{type(self).__name__}({', '.join(parts)})"

    __str__ = __repr__

    def _secrets(self):
        return [getattr(self, name) for name in self._secret_fields if getattr(self, name)]


@dataclasses.dataclass(repr=False)
class FolderSettings(_MaskedRepr):
    """Write the file into a local (or mounted) folder, which must exist."""

    path: str


@dataclasses.dataclass(repr=False, kw_only=True)
class SftpSettings(_MaskedRepr):
    """SFTP over SSH with a pinned host key; login by password and/or private key (OpenSSH or PEM text).

    ``host_key_fingerprint`` is required for uploads: ``"SHA256:..."`` as ``ssh-keygen -lf`` prints it (see
    ``fetch_host_key``). ``remote_dir`` is absolute, or relative to the login directory ("" = login directory).
    With both a key and a password, the key is tried first.
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
class FtpSettings(_MaskedRepr):
    """FTP, or explicit FTPS (``AUTH TLS`` with a protected data channel, ``PROT P``) when ``tls`` is set.

    The server certificate is verified against the system CAs, or against ``ca_certificate`` (PEM text, e.g. the
    server's self-signed certificate) when given; ``verify_certificate=False`` disables the check (not advised).
    """

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
    verify_certificate: bool = True


@dataclasses.dataclass(frozen=True)
class UploadResult:
    """Outcome of ``upload``: where the file is, its size, and whether it was already there (nothing uploaded)."""

    remote_path: str
    size: int
    already_present: bool


# ---------------------------------------------------------------------------------------------------------------
# Helpers


def part_name(filename):
    """Temporary name under which ``filename`` is written before the final rename."""
    return f"{PART_PREFIX}{filename}{PART_SUFFIX}"


def _check_filename(filename):
    if not isinstance(filename, str) or not filename or filename in (".", ".."):
        raise ValueError(f"Invalid file name {filename!r}")
    if filename.startswith(PART_PREFIX) or any(char in filename for char in "/\\\0\r\n"):
        raise ValueError(f"Invalid file name {filename!r}: no path separators, control characters or leading dot")


def _scrub(text, secrets):
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, "***")
    return text


def _reason(exc):
    """Short English description of a low-level error, without secrets of ours (messages come from the OS/server)."""
    if isinstance(exc, socket.gaierror):
        return f"host name could not be resolved ({exc.strerror or exc})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, EOFError)):
        return "connection dropped"
    if isinstance(exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return "connection dropped"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate verification failed ({exc.verify_message or exc})"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc.reason or exc})"
    if isinstance(exc, ftplib.Error):
        reply = str(exc).strip()
        code = reply[:3]
        if code in ("452", "552"):
            return f"disk full or quota exceeded (server replied: {reply})"
        if code == "530":
            return f"login refused (server replied: {reply})"
        return f"server replied: {reply}"
    if isinstance(exc, paramiko.SSHException):
        text = str(exc) or type(exc).__name__
        if "dropped" in text or "closed" in text.lower():
            return "connection dropped"
        return f"SSH error ({text})"
    if isinstance(exc, OSError):
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "permission denied"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "disk full"
        if exc.errno == errno.ENOENT:
            return "no such file or directory"
        if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            return "host unreachable"
        if exc.errno is None and str(exc) == "Socket is closed":  # paramiko channel of a dropped connection
            return "connection dropped"
        if exc.errno is None and str(exc) == "Failure":
            # SFTP's generic SSH_FX_FAILURE: OpenSSH reports a full disk or an exceeded quota this way.
            return "the server reported a failure (for example disk full or quota exceeded)"
        return exc.strerror or str(exc) or type(exc).__name__
    return str(exc) or type(exc).__name__


class _Remote:
    """One open connection (or folder) with the primitive operations of the upload protocol.

    Every method raises ``TransportError`` subclasses only; ``label`` names the target in messages.
    """

    label = ""
    directory = ""
    secrets = ()

    def _error(self, cls, message, exc=None):
        text = f"{self.label}: {message}" + (f": {_reason(exc)}" if exc is not None else "")
        return cls(_scrub(text, self.secrets))

    @contextlib.contextmanager
    def _step(self, what, cls=TransferError):
        try:
            yield
        except TransportError:
            raise
        except Exception as exc:
            raise self._error(cls, f"{what} failed", exc) from exc

    def path(self, name):
        return posixpath.join(self.directory, name) if self.directory else name

    def size(self, name):
        """Size in bytes of the regular file ``name``, None when it does not exist."""
        raise NotImplementedError

    def remove(self, name):
        raise NotImplementedError

    def write(self, name, content, progress):  # pylint: disable=method-required-super  # not an Odoo model
        """Create or truncate ``name`` and write ``content`` to it."""
        raise NotImplementedError

    def rename(self, source, target):
        """Rename ``source`` to ``target``; fails rather than replace an existing ``target`` where possible."""
        raise NotImplementedError

    def describe(self):
        """One-line readiness description for ``test_connection``."""
        raise NotImplementedError

    def close(self):
        pass


def _deliver(remote, filename, content, progress=None):
    """The upload protocol of the module docstring, on an open ``_Remote``."""
    total = len(content)
    final_path = remote.path(filename)

    def settle_existing(existing):
        if existing == total:
            _logger.info("%s: %s is already present (%d bytes), nothing uploaded", remote.label, final_path, total)
            return UploadResult(final_path, total, True)
        raise remote._error(
            RemoteFileConflict,
            f"'{final_path}' already exists with {existing} bytes instead of {total}; a different file is there "
            "under the same name and is left untouched",
        )

    existing = remote.size(filename)
    if existing is not None:
        return settle_existing(existing)

    part = part_name(filename)
    if remote.size(part) is not None:
        _logger.info("%s: removing leftover temporary file %s", remote.label, remote.path(part))
        remote.remove(part)
    try:
        remote.write(part, content, progress)
    except TransportError as error:
        # Free the space of a partial file (disk full). When this connection is no longer usable (dropped, or timed
        # out waiting for the server's answer), ``upload`` tries once more over a fresh connection.
        try:
            remote.remove(part)
        except TransportError:
            error.leftover_part = part
        raise
    written = remote.size(part)
    if written != total:
        with contextlib.suppress(TransportError):
            remote.remove(part)
        raise remote._error(
            TransferError, f"'{remote.path(part)}' has {written} bytes after writing instead of {total}"
        )
    try:
        remote.rename(part, filename)
    except TransportError as rename_error:
        # Someone may have created the final name meanwhile (a concurrent attempt): settle as above, drop our part.
        try:
            existing = remote.size(filename)
        except TransportError:
            raise rename_error from None
        if existing is None:
            raise
        with contextlib.suppress(TransportError):
            remote.remove(part)
        return settle_existing(existing)
    final_size = remote.size(filename)
    if final_size != total:
        raise remote._error(TransferError, f"'{final_path}' has {final_size} bytes after renaming instead of {total}")
    _logger.info("%s: uploaded %s (%d bytes)", remote.label, final_path, total)
    return UploadResult(final_path, total, False)


def _chunks(content, progress):
    view = memoryview(content)
    total = len(content)
    for offset in range(0, total, CHUNK_SIZE):
        chunk = view[offset : offset + CHUNK_SIZE]
        yield chunk
        if progress:
            progress(min(offset + CHUNK_SIZE, total), total)


# ---------------------------------------------------------------------------------------------------------------
# Folder


class _FolderRemote(_Remote):
    def __init__(self, settings):
        self.directory = settings.path
        self.label = f"folder '{settings.path}'"
        if not settings.path or not os.path.isdir(settings.path):
            raise self._error(TransferError, "the folder does not exist or is not a directory")

    def path(self, name):
        return os.path.join(self.directory, name)

    def size(self, name):
        path = self.path(name)
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._error(TransferError, f"reading the size of '{path}' failed", exc) from exc
        if not stat.S_ISREG(info.st_mode):
            raise self._error(RemoteFileConflict, f"'{path}' exists and is not a regular file")
        return info.st_size

    def remove(self, name):
        with self._step(f"removing '{self.path(name)}'"):
            os.unlink(self.path(name))

    def write(self, name, content, progress):  # pylint: disable=method-required-super  # not an Odoo model
        path = self.path(name)
        with self._step(f"writing '{path}'"), open(path, "wb") as handle:
            handle.writelines(_chunks(content, progress))
            handle.flush()
            os.fsync(handle.fileno())

    def rename(self, source, target):
        source_path, target_path = self.path(source), self.path(target)
        with self._step(f"renaming '{source_path}' to '{target_path}'"):
            try:
                # link + unlink never replaces an existing target (rename would).
                os.link(source_path, target_path)
            except FileExistsError:
                raise
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                    raise
                if os.path.lexists(target_path):
                    raise FileExistsError(errno.EEXIST, "target exists", target_path) from exc
                os.rename(source_path, target_path)
            else:
                os.unlink(source_path)
            self._sync_directory()

    def _sync_directory(self):
        with contextlib.suppress(OSError):
            descriptor = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)

    def describe(self):
        if not os.access(self.directory, os.W_OK | os.X_OK):
            raise self._error(TransferError, "the folder is not writable: permission denied")
        return f"Folder '{self.directory}' exists and is writable."


# ---------------------------------------------------------------------------------------------------------------
# SFTP


def host_key_fingerprint(key):
    """SHA256 fingerprint of a paramiko key, formatted like ``ssh-keygen -lf``: ``SHA256:<base64 without '='>``."""
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def _normalize_pin(pin):
    text = (pin or "").strip()
    if not text.upper().startswith("SHA256:"):
        return None
    return "SHA256:" + text[len("SHA256:") :].strip().rstrip("=")


def _open_ssh_transport(host, port, timeout, label):
    """Connected, not yet authenticated paramiko Transport (key exchange done)."""
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        raise TransportConnectionError(f"{label}: cannot connect: {_reason(exc)}") from exc
    transport = None
    try:
        transport = paramiko.Transport(sock)
        transport.banner_timeout = timeout
        transport.handshake_timeout = timeout
        transport.auth_timeout = timeout
        transport.start_client(timeout=timeout)
        return transport
    except Exception as exc:
        if transport is not None:
            transport.close()
        sock.close()
        raise TransportConnectionError(f"{label}: SSH handshake failed: {_reason(exc)}") from exc


def fetch_host_key(host, port=22, timeout=DEFAULT_TIMEOUT):
    """The host key an SFTP server presents (no login): ``(key_type, "SHA256:...", key_base64)``.

    Show the fingerprint to an administrator who checks it out of band before storing it as the pin. Uploads
    negotiate the host key algorithm exactly as this function does, so the fingerprint returned here is the one
    they will see.
    """
    label = f"SFTP server {host}:{port}"
    transport = _open_ssh_transport(host, port, timeout, label)
    try:
        key = transport.get_remote_server_key()
        return key.get_name(), host_key_fingerprint(key), key.get_base64()
    finally:
        transport.close()


def _load_private_key(text, passphrase, label):
    """paramiko key from OpenSSH or PEM private key text (Ed25519, ECDSA, RSA); errors never quote the key."""
    needs_passphrase = False
    for key_class in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return key_class.from_private_key(io.StringIO(text), password=passphrase or None)
        except paramiko.PasswordRequiredException:
            needs_passphrase = True
        except Exception as exc:  # noqa: BLE001 - wrong key type, wrong passphrase or garbage: try the next class
            _logger.debug("private key is not a %s: %s", key_class.__name__, type(exc).__name__)
    if needs_passphrase and not passphrase:
        raise AuthenticationError(f"{label}: the private key is encrypted and no passphrase is configured")
    raise AuthenticationError(
        f"{label}: the private key could not be loaded (wrong passphrase, or not an Ed25519, ECDSA or RSA key in "
        "OpenSSH or PEM format)"
    )


class _SftpRemote(_Remote):
    def __init__(self, settings):
        self.settings = settings
        self.secrets = settings._secrets()
        self.directory = settings.remote_dir or ""
        self.label = f"SFTP server {settings.host}:{settings.port} (user '{settings.username}')"
        self.transport = None
        self.sftp = None
        try:
            self._connect()
        except BaseException:
            self.close()
            raise

    def _connect(self):
        settings = self.settings
        pin = _normalize_pin(settings.host_key_fingerprint)
        if settings.host_key_fingerprint and pin is None:
            raise self._error(
                HostKeyError, "the pinned host key fingerprint must look like 'SHA256:...' (as ssh-keygen -lf prints)"
            )
        self.transport = _open_ssh_transport(settings.host, settings.port, settings.timeout, self.label)
        key = self.transport.get_remote_server_key()
        self.fingerprint = host_key_fingerprint(key)
        if pin is None:
            raise self._error(
                HostKeyError,
                f"no host key fingerprint is pinned; the server presents {key.get_name()} {self.fingerprint}: "
                "verify it out of band before pinning it",
            )
        if not hmac.compare_digest(pin.encode(), self.fingerprint.encode()):
            raise self._error(
                HostKeyError,
                f"host key mismatch: the server presents {key.get_name()} {self.fingerprint}, "
                f"but {pin} is pinned; not logging in",
            )
        self._authenticate()
        with self._step("opening the SFTP session", TransportConnectionError):
            self.sftp = paramiko.SFTPClient.from_transport(self.transport)
            self.sftp.get_channel().settimeout(settings.timeout)
        if self.directory:
            self._check_directory()

    def _authenticate(self):
        settings = self.settings
        if not settings.private_key and not settings.password:
            raise self._error(AuthenticationError, "no password or private key is configured")
        failures = []
        if settings.private_key:
            key = _load_private_key(settings.private_key, settings.passphrase, self.label)
            if self._try_auth("key", lambda: self.transport.auth_publickey(settings.username, key), failures):
                return
        if settings.password and self._try_auth(
            "password", lambda: self.transport.auth_password(settings.username, settings.password), failures
        ):
            return
        raise self._error(AuthenticationError, "login refused (" + "; ".join(failures) + ")")

    def _try_auth(self, method, call, failures):
        try:
            call()
        except paramiko.BadAuthenticationType as exc:
            failures.append(f"{method} login not accepted by the server, it allows: {', '.join(exc.allowed_types)}")
            return False
        except paramiko.AuthenticationException:
            failures.append(f"{method} rejected")
            return False
        except Exception as exc:
            raise self._error(TransportConnectionError, f"{method} login failed", exc) from exc
        if self.transport.is_authenticated():
            return True
        failures.append(f"{method} accepted but the server asks for more authentication steps")
        return False

    def _check_directory(self):
        try:
            info = self.sftp.stat(self.directory)
        except FileNotFoundError as exc:
            raise self._error(TransferError, f"remote directory '{self.directory}' does not exist") from exc
        except Exception as exc:
            raise self._error(TransferError, f"checking remote directory '{self.directory}' failed", exc) from exc
        if info.st_mode is not None and not stat.S_ISDIR(info.st_mode):
            raise self._error(TransferError, f"'{self.directory}' is not a directory")

    def size(self, name):
        path = self.path(name)
        try:
            info = self.sftp.stat(path)
        except FileNotFoundError:
            return None
        except Exception as exc:
            raise self._error(TransferError, f"reading the size of '{path}' failed", exc) from exc
        if info.st_mode is not None and not stat.S_ISREG(info.st_mode):
            raise self._error(RemoteFileConflict, f"'{path}' exists and is not a regular file")
        return info.st_size

    def remove(self, name):
        with self._step(f"removing '{self.path(name)}'"):
            self.sftp.remove(self.path(name))

    def write(self, name, content, progress):  # pylint: disable=method-required-super  # not an Odoo model
        path = self.path(name)
        with self._step(f"writing '{path}'"), self.sftp.open(path, "wb") as handle:
            handle.set_pipelined(True)
            for chunk in _chunks(content, progress):
                handle.write(chunk)
            self._wait_for_write_acks(handle)

    def _wait_for_write_acks(self, handle):
        """Read the server's answers to the pipelined writes, so that a refused write (disk full) raises here.

        paramiko only reads them when more than 100 are pending and ignores the rest when the file is closed.
        Without its internal request queue (another paramiko version) the size check after writing still catches
        an incomplete file.
        """
        pending = getattr(handle, "_reqs", None)
        read_response = getattr(self.sftp, "_read_response", None)
        if pending is None or read_response is None:
            return
        while pending:
            read_response(pending.popleft())

    def rename(self, source, target):
        # Plain SFTP rename (not posix-rename): OpenSSH refuses to replace an existing target.
        with self._step(f"renaming '{self.path(source)}' to '{self.path(target)}'"):
            self.sftp.rename(self.path(source), self.path(target))

    def describe(self):
        with self._step("listing the remote directory"):
            self.sftp.listdir(self.directory or ".")
        where = f"remote directory '{self.directory}'" if self.directory else "the login directory"
        return f"Connected to {self.label}, host key {self.fingerprint} matches the pin, {where} is accessible."

    def close(self):
        for resource in (self.sftp, self.transport):
            if resource is not None:
                with contextlib.suppress(Exception):
                    resource.close()
        self.sftp = self.transport = None


# ---------------------------------------------------------------------------------------------------------------
# FTP / FTPS


class _FtpTls(ftplib.FTP_TLS):
    """FTP_TLS that resumes the control connection's TLS session on data connections (required by many servers)."""

    def ntransfercmd(self, cmd, rest=None):
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:
            session = getattr(self.sock, "session", None)
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=session)
        return conn, size


class _FtpRemote(_Remote):
    def __init__(self, settings):
        self.settings = settings
        self.secrets = settings._secrets()
        self.directory = settings.remote_dir or ""
        kind = "FTPS" if settings.tls else "FTP"
        self.label = f"{kind} server {settings.host}:{settings.port} (user '{settings.username}')"
        self.ftp = None
        try:
            self._connect()
        except BaseException:
            self.close(graceful=False)
            raise

    def _tls_context(self):
        settings = self.settings
        context = ssl.create_default_context(cadata=settings.ca_certificate or None)
        if not settings.verify_certificate:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context

    def _connect(self):
        settings = self.settings
        if settings.tls:
            with self._step("preparing TLS", TransportConnectionError):
                self.ftp = _FtpTls(context=self._tls_context(), timeout=settings.timeout)
        else:
            self.ftp = ftplib.FTP(timeout=settings.timeout)
        try:
            self.ftp.connect(settings.host, settings.port, timeout=settings.timeout)
        except Exception as exc:
            raise self._error(TransportConnectionError, "cannot connect", exc) from exc
        if settings.tls:
            with self._step("TLS negotiation (AUTH TLS)", TransportConnectionError):
                self.ftp.auth()
        try:
            self.ftp.login(settings.username, settings.password or "")
        except ftplib.error_perm as exc:
            raise self._error(AuthenticationError, "login refused", exc) from exc
        except Exception as exc:
            raise self._error(TransportConnectionError, "login failed", exc) from exc
        with self._step("preparing the session"):
            if settings.tls:
                self.ftp.prot_p()
            self.ftp.set_pasv(settings.passive)
            self.ftp.voidcmd("TYPE I")
        if self.directory:
            try:
                self.ftp.cwd(self.directory)
            except ftplib.error_perm as exc:
                raise self._error(TransferError, f"remote directory '{self.directory}' is not accessible", exc) from exc
            except Exception as exc:
                raise self._error(
                    TransferError, f"changing to remote directory '{self.directory}' failed", exc
                ) from exc

    def size(self, name):
        try:
            size = self.ftp.size(name)
        except ftplib.error_perm as exc:
            if str(exc)[:3] == "550":
                return None
            raise self._error(TransferError, f"reading the size of '{self.path(name)}' (SIZE) failed", exc) from exc
        except Exception as exc:
            raise self._error(TransferError, f"reading the size of '{self.path(name)}' failed", exc) from exc
        if size is None:
            raise self._error(TransferError, f"the server gave no size for '{self.path(name)}'")
        return size

    def remove(self, name):
        with self._step(f"removing '{self.path(name)}'"):
            self.ftp.delete(name)

    def write(self, name, content, progress):  # pylint: disable=method-required-super  # not an Odoo model
        sent = 0
        total = len(content)

        def callback(block):
            nonlocal sent
            sent += len(block)
            if progress:
                progress(sent, total)

        with self._step(f"writing '{self.path(name)}'"):
            try:
                self.ftp.storbinary(f"STOR {name}", io.BytesIO(content), blocksize=CHUNK_SIZE, callback=callback)
            except OSError as exc:
                # A server that aborts the transfer (disk full) closes the data connection and explains why on the
                # control connection: report that reply rather than the reset data connection.
                reply = self._pending_reply()
                if reply is None:
                    raise
                raise reply from exc

    def _pending_reply(self):
        """The server's error reply waiting on the control connection after a failed transfer, or None."""
        sock = self.ftp.sock
        if sock is None:
            return None
        previous = sock.gettimeout()
        try:
            sock.settimeout(min(2.0, self.settings.timeout))
            self.ftp.getresp()
        except ftplib.Error as error:
            return error
        except Exception:  # noqa: BLE001 - connection gone too: the original error stands
            return None
        finally:
            with contextlib.suppress(OSError):
                sock.settimeout(previous)
        return None

    def rename(self, source, target):
        # FTP has no "rename unless the target exists": the target was checked just before.
        with self._step(f"renaming '{self.path(source)}' to '{self.path(target)}'"):
            self.ftp.rename(source, target)

    def describe(self):
        with self._step("listing the remote directory (data connection)"):
            self.ftp.retrlines("LIST", lambda line: None)
        where = f"remote directory '{self.directory}'" if self.directory else "the login directory"
        return f"Connected to {self.label}, {where} is accessible."

    def close(self, graceful=True):
        if self.ftp is None:
            return
        ftp, self.ftp = self.ftp, None
        if graceful:
            try:
                ftp.quit()
                return
            except Exception:  # noqa: BLE001 - the connection is closed below anyway
                _logger.debug("%s: QUIT failed, closing the connection", self.label)
        with contextlib.suppress(Exception):
            ftp.close()


# ---------------------------------------------------------------------------------------------------------------
# Public API


def _open(settings):
    if isinstance(settings, FolderSettings):
        return _FolderRemote(settings)
    if isinstance(settings, SftpSettings):
        return _SftpRemote(settings)
    if isinstance(settings, FtpSettings):
        return _FtpRemote(settings)
    raise TypeError(f"Unsupported transport settings: {type(settings).__name__}")


@contextlib.contextmanager
def _session(settings):
    remote = _open(settings)
    failed = False
    try:
        yield remote
    except BaseException:
        failed = True
        raise
    finally:
        if isinstance(remote, _FtpRemote):
            remote.close(graceful=not failed)
        else:
            remote.close()


def upload(settings, filename, content, progress=None):
    """Upload ``content`` (bytes) as ``filename`` into the target of ``settings``; see the module docstring.

    ``filename`` is a plain name (no directories, no leading dot). ``progress(sent, total)`` is called after each
    written chunk. Returns an ``UploadResult``; raises ``TransportError`` subclasses (``ValueError`` for a bad name).
    Safe to retry after any failure.
    """
    _check_filename(filename)
    content = bytes(content)
    try:
        with _session(settings) as remote:
            return _deliver(remote, filename, content, progress)
    except TransportError as error:
        leftover = getattr(error, "leftover_part", None)
        if leftover:
            _remove_leftover(settings, leftover)
        raise


def _remove_leftover(settings, part):
    """Best effort: remove a partial temporary file over a new connection; a retry would replace it anyway."""
    try:
        with _session(settings) as remote:
            if remote.size(part) is not None:
                remote.remove(part)
    except TransportError as error:
        _logger.info(
            "Could not remove the partial temporary file %s yet, the next attempt replaces it: %s", part, error
        )


def test_connection(settings):
    """Connect, log in and check the target directory without writing anything; returns a one-line English report.

    Raises the same ``TransportError`` subclasses as ``upload``.
    """
    with _session(settings) as remote:
        return remote.describe()


# pytest would otherwise collect the public function above as a test when a test module imports it by name.
test_connection.__test__ = False
