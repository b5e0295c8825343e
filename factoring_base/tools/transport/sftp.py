# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""SFTP through paramiko's public ``SSHClient`` API, with the server's host key pinned."""

import base64
import contextlib
import dataclasses
import hashlib
import hmac
import io
import socket
import stat

import paramiko

from .common import (
    DEFAULT_TIMEOUT,
    AuthenticationError,
    HostKeyError,
    MissingDirectoryError,
    Remote,
    Settings,
    TransportConnectionError,
    TransportError,
    chunks,
    reason,
)


@dataclasses.dataclass(repr=False, kw_only=True)
class SftpSettings(Settings):
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


def host_key_fingerprint(key):
    """SHA256 fingerprint of a paramiko key, formatted like ``ssh-keygen -lf``: ``SHA256:<base64 without '='>``."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(key.asbytes()).digest()).decode("ascii").rstrip("=")


def fetch_host_key(host, port=22, timeout=DEFAULT_TIMEOUT):
    """The host key an SFTP server presents: ``(key_type, "SHA256:...", key_base64)``.

    It connects exactly as an upload does, with no pin: refused after the key exchange, before any login.
    """
    remote = SftpRemote(SftpSettings(host=host, port=port, username="", timeout=timeout))
    with contextlib.suppress(HostKeyError), remote:
        pass
    return remote.key.get_name(), host_key_fingerprint(remote.key), remote.key.get_base64()


class SftpRemote(Remote, paramiko.MissingHostKeyPolicy):
    """SFTP through paramiko's ``SSHClient``, which calls back ``missing_host_key`` after the key exchange (no host
    keys are ever loaded: every key is "missing") and then ``authenticate`` (this object is its ``auth_strategy``)."""

    def __init__(self, settings):
        user = f" (user '{settings.username}')" if settings.username else ""
        super().__init__(f"SFTP server {settings.host}:{settings.port}{user}", settings.remote_dir,
                         (settings.password, settings.private_key, settings.passphrase))
        self.settings, self.client, self.files, self.key = settings, None, None, None  # files: the SFTP session

    def reason(self, exc):
        text = str(exc)
        if text == "Socket is closed" or (  # paramiko's channel after the connection dropped
            isinstance(exc, paramiko.SSHException) and ("dropped" in text or "closed" in text.lower())
        ):
            return "connection dropped"
        if isinstance(exc, paramiko.SSHException):
            return f"SSH error ({text})"
        if text == "Failure":  # SFTP's generic SSH_FX_FAILURE: OpenSSH reports a full disk or a quota this way
            return "the server reported a failure (for example disk full or quota exceeded)"
        return reason(exc)

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
            for chunk in chunks(content, progress):
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
