# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Real SFTP (OpenSSH sshd) and FTP/FTPS (pyftpdlib) servers on free 127.0.0.1 ports, for tests. Plain Python.

    with SshServer() as sshd:            # sshd -D -e -f <own config>, own host key, test user 'factoringtest'
        sshd.upload_dir                  # absolute remote_dir, writable by the test user, readable here
        sshd.password, sshd.host_key_fingerprint, sshd.add_authorized_key(public_line)
        sshd.kill(); sshd.start()        # SIGKILL listener and sessions; start again on the same port
    with FtpServer(tls=True) as ftpd:    # pyftpdlib in a subprocess; explicit TLS with a self-signed certificate
        ftpd.home_dir, ftpd.username, ftpd.password, ftpd.certificate_pem

Both are context managers (start on enter; stop and delete their temporary directory on exit) and have
``start()``, ``stop()``, ``kill()``, ``restart()``, ``running`` and ``log_text()``. Nothing listens beyond 127.0.0.1.

A module of the addon's tests package, imported as such (``from . import servers`` in the tests next to it,
``from odoo.addons.factoring_base.tests import servers`` elsewhere); the pytest fixtures around it are in
test_transport.py. Odoo's test runner never imports it on its own (tests/__init__.py does not list it).

Requirements: Debian's ``openssh-server`` (``/usr/sbin/sshd``, ``ssh-keygen``) and root for the SSH server (it
creates the system user ``factoringtest`` once, with a random password kept in /var/lib/factoringtest/password,
mode 0600, and no login shell); ``pyftpdlib`` and ``pyOpenSSL`` for FTP/FTPS (run with ``sys.executable``).
"""

import contextlib
import datetime
import fcntl
import ipaddress
import json
import os
import pwd
import secrets
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

LOOPBACK = "127.0.0.1"
SSHD = "/usr/sbin/sshd"
SSH_KEYGEN = "/usr/bin/ssh-keygen"
SSH_USER = "factoringtest"
SSH_STATE_DIR = "/var/lib/factoringtest"
START_TIMEOUT = 15.0
STOP_TIMEOUT = 5.0


class ServerError(RuntimeError):
    """A test server could not be prepared, started or stopped."""


def free_port():
    """A currently free TCP port on 127.0.0.1 (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def _run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, check=False, timeout=60, **kwargs)
    if result.returncode:
        raise ServerError(f"{' '.join(args[:2])} failed (exit {result.returncode}): {result.stderr.strip()}")
    return result.stdout


# ---------------------------------------------------------------------------------------------------------------
# Process helpers (Linux /proc)


def _process_table():
    """{pid: (ppid, state)} of all processes."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry)] = (int(fields[1]), fields[0])
    return table


def _descendants(pid):
    table = _process_table()
    children = {}
    for child, (parent, _state) in table.items():
        children.setdefault(parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _signal_tree(process, sig):
    """Send ``sig`` to ``process`` and all its descendants, then wait until they are gone.

    The whole tree is frozen (SIGSTOP) first, so that no process can fork or be reparented while it is collected.
    """
    if process is None:
        return
    pids = []
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGSTOP)
        while True:
            new = [pid for pid in _descendants(process.pid) if pid not in pids]
            if not new:
                break
            for pid in new:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGSTOP)
            pids.extend(new)
            time.sleep(0.005)
        for pid in [*pids, process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
                if sig != signal.SIGKILL:
                    os.kill(pid, signal.SIGCONT)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)
    deadline = time.monotonic() + STOP_TIMEOUT
    for pid in pids:
        while _alive(pid):
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)


def _wait_for_log(process, log_path, ready_text, log_offset, port):
    """Wait until ``ready_text`` appears in the server log after ``log_offset``; fail if the process exits."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"server exited with code {process.returncode}:\n{_tail(log_path)}")
        with open(log_path, errors="replace") as handle:
            handle.seek(log_offset)
            if ready_text in handle.read():
                return
        time.sleep(0.01)
    raise ServerError(f"server did not start on {LOOPBACK}:{port} within {START_TIMEOUT} s:\n{_tail(log_path)}")


def _tail(path, lines=30):
    try:
        with open(path, errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return ""


class _Server:
    """Common lifecycle: a temporary directory, one server process, start/stop/kill/restart, context manager."""

    name = "server"

    def __init__(self, port=None):
        self.host = LOOPBACK
        self.port = port or free_port()
        self.base_dir = tempfile.mkdtemp(prefix=f"factoring-{self.name}-")
        os.chmod(self.base_dir, 0o755)
        self.log_path = os.path.join(self.base_dir, f"{self.name}.log")
        self.process = None

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def start(self):
        if self.running:
            return self
        self._start()
        return self

    def _start(self):
        raise NotImplementedError

    def stop(self):
        """Stop the server and every session process it forked (SIGTERM, then SIGKILL after a while)."""
        _signal_tree(self.process, signal.SIGTERM)
        self.process = None

    def kill(self):
        """Kill the server and its session processes at once (SIGKILL), as a crash or a cut connection would."""
        _signal_tree(self.process, signal.SIGKILL)
        self.process = None

    def restart(self):
        self.stop()
        return self.start()

    def log_text(self):
        with open(self.log_path, errors="replace") as handle:
            return handle.read()

    def cleanup(self):
        """Stop the server and delete its temporary directory (uploaded files included)."""
        try:
            self.kill()
        finally:
            shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.cleanup()
            raise

    def __exit__(self, *exc_info):
        self.cleanup()

    def __repr__(self):
        return f"<{type(self).__name__} {self.host}:{self.port} {'running' if self.running else 'stopped'}>"


# ---------------------------------------------------------------------------------------------------------------
# OpenSSH


def _require_openssh():
    for path in (SSHD, SSH_KEYGEN):
        if not os.access(path, os.X_OK):
            raise ServerError(
                f"{path} is missing: install the Debian package openssh-server (apt-get install -y openssh-server)"
            )


def _sshd_version():
    result = subprocess.run([SSHD, "-V"], capture_output=True, text=True, check=False)
    text = (result.stderr or result.stdout).strip()
    # "OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.x"
    with contextlib.suppress(ValueError, IndexError):
        major, minor = text.split("_", 1)[1].split("p", 1)[0].split(",")[0].split(".")[:2]
        return int(major), int(minor)
    return (0, 0)


def ensure_test_user():
    """Create the system user ``factoringtest`` (no home, no login shell) if missing; return its password.

    The random password is generated once and kept in /var/lib/factoringtest/password (root only), so concurrent
    test runs share it. Needs root.
    """
    if os.geteuid() != 0:
        raise ServerError(f"the SSH test server needs root (to create the user {SSH_USER!r} and run sshd)")
    os.makedirs(SSH_STATE_DIR, mode=0o700, exist_ok=True)
    password_path = os.path.join(SSH_STATE_DIR, "password")
    with open(os.path.join(SSH_STATE_DIR, "lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            pwd.getpwnam(SSH_USER)
            user_exists = True
        except KeyError:
            user_exists = False
        if not user_exists:
            _run(
                [
                    "useradd",
                    "--system",
                    "--no-create-home",
                    "--home-dir",
                    "/nonexistent",
                    "--shell",
                    "/usr/sbin/nologin",
                    "--comment",
                    "Odoo Factoring transport tests",
                    SSH_USER,
                ]
            )
        if user_exists and os.path.exists(password_path):
            with open(password_path) as handle:
                return handle.read().strip()
        password = secrets.token_urlsafe(18)
        _run(["chpasswd"], input=f"{SSH_USER}:{password}\n")
        descriptor = os.open(password_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(password + "\n")
        return password


def generate_ssh_key(directory, key_type="ed25519", passphrase="", pem=False, name=None):
    """Generate a client key pair with ssh-keygen: returns ``(private_key_text, public_key_line)``.

    ``key_type``: ed25519, ecdsa or rsa; ``pem=True`` writes the private key in PEM instead of OpenSSH format.
    """
    _require_openssh()
    path = os.path.join(directory, name or f"id_{key_type}_{secrets.token_hex(4)}")
    args = [SSH_KEYGEN, "-q", "-t", key_type, "-N", passphrase, "-C", "factoring-test"]
    if key_type == "rsa":
        args += ["-b", "2048"]
    if pem:
        args += ["-m", "PEM"]
    _run([*args, "-f", path])
    with open(path) as private, open(path + ".pub") as public:
        return private.read(), public.read().strip()


class SshServer(_Server):
    """OpenSSH sshd on 127.0.0.1 serving SFTP (internal-sftp only) for the user ``factoringtest``.

    Password login with ``password``; key login for keys added with ``add_authorized_key``. Host key: a fresh
    Ed25519 key (``host_key_fingerprint`` as ssh-keygen prints it, ``host_key_type``, ``host_key_base64``).
    ``upload_dir`` belongs to the test user; ``readonly_dir`` belongs to root (uploads there are refused).
    """

    name = "sshd"

    def __init__(self, port=None):
        _require_openssh()
        self.username = SSH_USER
        self.password = ensure_test_user()
        super().__init__(port)
        try:
            self._prepare()
        except BaseException:
            shutil.rmtree(self.base_dir, ignore_errors=True)
            raise

    def _prepare(self):
        user = pwd.getpwnam(SSH_USER)
        self.upload_dir = os.path.join(self.base_dir, "upload")
        self.readonly_dir = os.path.join(self.base_dir, "readonly")
        for path in (self.upload_dir, self.readonly_dir):
            os.mkdir(path, 0o755)
        os.chown(self.upload_dir, user.pw_uid, user.pw_gid)
        self.host_key_path = os.path.join(self.base_dir, "ssh_host_ed25519_key")
        _run([SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", "factoring-test-host", "-f", self.host_key_path])
        # "256 SHA256:abc... comment (ED25519)"
        self.host_key_fingerprint = _run([SSH_KEYGEN, "-l", "-E", "sha256", "-f", self.host_key_path]).split()[1]
        with open(self.host_key_path + ".pub") as handle:
            self.host_key_type, self.host_key_base64 = handle.read().split()[:2]
        self.authorized_keys_path = os.path.join(self.base_dir, "authorized_keys")
        with open(self.authorized_keys_path, "w") as handle:
            handle.write("")
        os.chmod(self.authorized_keys_path, 0o644)
        self.config_path = os.path.join(self.base_dir, "sshd_config")
        lines = [
            f"Port {self.port}",
            f"ListenAddress {LOOPBACK}",
            f"HostKey {self.host_key_path}",
            f"PidFile {os.path.join(self.base_dir, 'sshd.pid')}",
            f"AuthorizedKeysFile {self.authorized_keys_path}",
            f"AllowUsers {SSH_USER}",
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication yes",
            "PermitEmptyPasswords no",
            "KbdInteractiveAuthentication no",
            "HostbasedAuthentication no",
            "DisableForwarding yes",
            "PermitTTY no",
            "ForceCommand internal-sftp",
            "Subsystem sftp internal-sftp",
            "LogLevel VERBOSE",
            "MaxStartups 50:30:100",
            "MaxAuthTries 6",
            "LoginGraceTime 30",
            "UseDNS no",
        ]
        if _sshd_version() >= (9, 8):
            lines.append("PerSourcePenalties no")  # repeated failed logins in tests must not lock 127.0.0.1 out
        with open(self.config_path, "w") as handle:
            handle.write("\n".join(lines) + "\n")

    def add_authorized_key(self, public_key_line):
        """Allow key login with this public key (``ssh-ed25519 AAAA... comment``); takes effect at once."""
        with open(self.authorized_keys_path, "a") as handle:
            handle.write(public_key_line.strip() + "\n")

    def _start(self):
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation directory
        log = open(self.log_path, "a")  # noqa: SIM115 - handed to the child process
        log_offset = log.tell()
        try:
            self.process = subprocess.Popen(
                [SSHD, "-D", "-e", "-f", self.config_path],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        finally:
            log.close()
        try:
            ready_text = f"Server listening on {LOOPBACK} port {self.port}"
            _wait_for_log(self.process, self.log_path, ready_text, log_offset, self.port)
        except BaseException:
            self.kill()
            raise


# ---------------------------------------------------------------------------------------------------------------
# pyftpdlib


def generate_self_signed_certificate(directory, host=LOOPBACK):
    """Self-signed certificate (EC P-256, SAN IP/DNS ``host``): returns ``(cert_path, key_path, cert_pem)``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    try:
        alt_name = x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        alt_name = x509.DNSName(host)
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([alt_name]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    cert_path = os.path.join(directory, "ftpd-cert.pem")
    key_path = os.path.join(directory, "ftpd-key.pem")
    with open(cert_path, "w") as handle:
        handle.write(cert_pem)
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return cert_path, key_path, cert_pem


class FtpServer(_Server):
    """pyftpdlib FTP server (explicit FTPS with ``tls=True``: TLS required on control and data connections).

    User ``username``/``password`` with full rights on ``home_dir``; ``readonly_username`` (same password) may only
    list and read there. Passive data ports are picked by the OS on 127.0.0.1. ``certificate_pem`` is the server's
    self-signed certificate (give it to the client as trusted CA).
    """

    name = "ftpd"

    def __init__(self, port=None, tls=False):
        super().__init__(port)
        self.tls = tls
        self.username = "factoring"
        self.readonly_username = "factoring-reader"
        self.password = secrets.token_urlsafe(18)
        self.home_dir = os.path.join(self.base_dir, "home")
        os.mkdir(self.home_dir, 0o755)
        self.cert_path = self.key_path = self.certificate_pem = None
        if tls:
            self.cert_path, self.key_path, self.certificate_pem = generate_self_signed_certificate(self.base_dir)

    def _start(self):
        config = {
            "host": LOOPBACK,
            "port": self.port,
            "home": self.home_dir,
            "users": [[self.username, "elradfmwMT"], [self.readonly_username, "elr"]],
            "password": self.password,
            "certfile": self.cert_path,
            "keyfile": self.key_path,
        }
        log = open(self.log_path, "a")  # noqa: SIM115 - handed to the child process
        try:
            # The password travels on stdin, not on the command line.
            self.process = subprocess.Popen(
                [sys.executable, os.path.abspath(__file__), "--serve-ftp"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                start_new_session=True,
            )
        finally:
            log.close()
        process = self.process
        try:
            process.stdin.write(json.dumps(config).encode())
            process.stdin.close()
            with selectors.DefaultSelector() as selector:
                selector.register(process.stdout, selectors.EVENT_READ)
                ready = selector.select(START_TIMEOUT) and process.stdout.readline().strip() == b"READY"
            if not ready:
                raise ServerError(f"FTP server did not start on {LOOPBACK}:{self.port}:\n{_tail(self.log_path)}")
        except BaseException:
            self.kill()
            raise
        finally:
            process.stdout.close()


def _serve_ftp():
    """Child process entry point: run pyftpdlib with the JSON configuration read from stdin until killed."""
    import logging

    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
    from pyftpdlib.servers import FTPServer

    config = json.loads(sys.stdin.read())
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")
    authorizer = DummyAuthorizer()
    for username, permissions in config["users"]:
        authorizer.add_user(username, config["password"], config["home"], perm=permissions)
    if config["certfile"]:
        handler = type(
            "TestTLSHandler",
            (TLS_FTPHandler,),
            {
                "certfile": config["certfile"],
                "keyfile": config["keyfile"],
                "tls_control_required": True,
                "tls_data_required": True,
            },
        )
    else:
        handler = type("TestHandler", (FTPHandler,), {})
    handler.authorizer = authorizer
    handler.banner = "Odoo Factoring test FTP server"
    handler.passive_ports = None
    handler.auth_failed_timeout = 0.05  # pyftpdlib delays a refused login by 3 s by default
    handler.log_cmds_list = [*handler.log_cmds_list, "PASV", "EPSV", "PORT", "EPRT", "SIZE", "AUTH", "PROT"]
    handler.permit_foreign_addresses = False
    server = FTPServer((config["host"], config["port"]), handler)
    server.max_cons = 64
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__" and sys.argv[1:] == ["--serve-ftp"]:
    _serve_ftp()
