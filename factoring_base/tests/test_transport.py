# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tests of factoring_base/tools/transport/ against real servers on 127.0.0.1 (OpenSSH sshd, pyftpdlib).

The outcome is always checked on the server side: the bytes in the directory the server writes to. Plain pytest
functions (no database), collected by pytest-odoo as a module of the addon's tests package; Odoo's own test
runner does not import this module (tests/__init__.py does not list it).

    setup/test factoring_base/tests/test_transport.py
"""

import dataclasses
import logging
import os
import random
import subprocess
import time
from pathlib import Path

import pytest

from ..tools import transport
from . import servers

TIMEOUT = 5.0
NAME = "batch-0001.xlsx"


@pytest.fixture
def sshd():
    """Running OpenSSH sshd (SFTP only) with a fresh host key; see servers.SshServer."""
    with servers.SshServer() as server:
        yield server


@pytest.fixture
def ftpd():
    """Running plain FTP server (pyftpdlib subprocess); see servers.FtpServer."""
    with servers.FtpServer() as server:
        yield server


@pytest.fixture
def ftpsd():
    """Running explicit FTPS server (TLS required, self-signed certificate); see servers.FtpServer."""
    with servers.FtpServer(tls=True) as server:
        yield server


def payload(size, seed=1):
    return random.Random(seed).randbytes(size)


def names(directory):
    return sorted(os.listdir(directory))


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.005)


def sftp_settings(sshd, **overrides):
    values = {
        "host": sshd.host,
        "port": sshd.port,
        "username": sshd.username,
        "password": sshd.password,
        "remote_dir": sshd.upload_dir,
        "host_key_fingerprint": sshd.host_key_fingerprint,
        "timeout": TIMEOUT,
    }
    values.update(overrides)
    return transport.SftpSettings(**values)


def ftp_settings(ftpd, **overrides):
    values = {
        "host": ftpd.host,
        "port": ftpd.port,
        "username": ftpd.username,
        "password": ftpd.password,
        "tls": ftpd.tls,
        "remote_dir": "/inbox",
        "ca_certificate": ftpd.certificate_pem,
        "timeout": TIMEOUT,
    }
    values.update(overrides)
    return transport.FtpSettings(**values)


def ftp_inbox(ftpd):
    inbox = Path(ftpd.home_dir) / "inbox"
    inbox.mkdir(exist_ok=True)
    return inbox


@dataclasses.dataclass
class Target:
    """One configured transport and the directory (on this machine's disk) where its uploads land."""

    settings: object
    directory: Path
    remote_dir: str
    server: object = None

    def remote_path(self, name):
        return os.path.join(self.remote_dir, name)


@pytest.fixture(params=["folder", "sftp-password", "sftp-key", "ftp", "ftps"])
def target(request, tmp_path):
    kind = request.param
    if kind == "folder":
        return Target(transport.FolderSettings(str(tmp_path)), tmp_path, str(tmp_path))
    if kind.startswith("sftp"):
        sshd = request.getfixturevalue("sshd")
        settings = sftp_settings(sshd)
        if kind == "sftp-key":
            private_key, public_key = servers.generate_ssh_key(str(tmp_path), "ed25519")
            sshd.add_authorized_key(public_key)
            settings = sftp_settings(sshd, password=None, private_key=private_key)
        return Target(settings, Path(sshd.upload_dir), sshd.upload_dir, sshd)
    ftpd = request.getfixturevalue("ftpsd" if kind == "ftps" else "ftpd")
    return Target(ftp_settings(ftpd), ftp_inbox(ftpd), "/inbox", ftpd)


@pytest.fixture(params=["sftp", "ftp", "ftps"])
def server_target(request):
    """A server transport (no folder) with its running server, for failure scenarios."""
    if request.param == "sftp":
        sshd = request.getfixturevalue("sshd")
        return Target(sftp_settings(sshd), Path(sshd.upload_dir), sshd.upload_dir, sshd)
    ftpd = request.getfixturevalue("ftpsd" if request.param == "ftps" else "ftpd")
    return Target(ftp_settings(ftpd), ftp_inbox(ftpd), "/inbox", ftpd)


# ---------------------------------------------------------------------------------------------------------------
# The protocol, on every transport


def test_upload_writes_the_file_under_its_final_name(target):
    data = payload(300_000)
    result = transport.upload(target.settings, NAME, data)
    assert result == transport.UploadResult(target.remote_path(NAME), len(data), False)
    assert (target.directory / NAME).read_bytes() == data
    assert names(target.directory) == [NAME]


def test_upload_writes_a_temporary_name_then_renames(target):
    data = payload(3 * transport.CHUNK_SIZE + 17)
    final, part = target.directory / NAME, target.directory / f".{NAME}.part"
    seen = []

    def progress(sent, total):
        seen.append((sent, total, part.exists(), final.exists()))

    transport.upload(target.settings, NAME, data, progress=progress)
    assert seen, "progress was never reported"
    assert seen[-1][:2] == (len(data), len(data))
    assert all(part_exists and not final_exists for _sent, _total, part_exists, final_exists in seen)
    assert final.read_bytes() == data
    assert names(target.directory) == [NAME]


def test_leftover_temporary_file_is_replaced(target):
    leftover = target.directory / f".{NAME}.part"
    leftover.write_bytes(b"half of an interrupted attempt " * 5000)
    data = payload(100_000, seed=2)
    result = transport.upload(target.settings, NAME, data)
    assert not result.already_present
    assert (target.directory / NAME).read_bytes() == data
    assert names(target.directory) == [NAME]


def test_same_size_file_already_present_counts_as_done(target):
    data = payload(50_000, seed=3)
    existing = target.directory / NAME
    existing.write_bytes(data)
    before = existing.stat()
    result = transport.upload(target.settings, NAME, data)
    assert result == transport.UploadResult(target.remote_path(NAME), len(data), True)
    after = existing.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert names(target.directory) == [NAME]


def test_different_file_under_the_same_name_is_a_conflict(target):
    existing = target.directory / NAME
    existing.write_bytes(b"another file")
    with pytest.raises(transport.RemoteFileConflict) as info:
        transport.upload(target.settings, NAME, payload(1000))
    assert NAME in str(info.value)
    assert "12 bytes instead of 1000" in str(info.value)
    assert not info.value.retryable
    assert existing.read_bytes() == b"another file"
    assert names(target.directory) == [NAME]


def test_test_connection_reports_success_and_writes_nothing(target):
    message = transport.test_connection(target.settings)
    if target.server is None:
        assert message == f"Folder '{target.directory}' exists and is writable."
    else:
        assert f"{target.server.host}:{target.server.port}" in message
        assert "accessible" in message
    assert names(target.directory) == []


def test_empty_file(target):
    result = transport.upload(target.settings, "empty.txt", b"")
    assert result.size == 0
    assert (target.directory / "empty.txt").read_bytes() == b""
    assert names(target.directory) == ["empty.txt"]


@pytest.mark.parametrize("filename", ["", ".hidden", "../escape.xlsx", "a/b.xlsx", "a\\b", "x\ny", "..", "."])
def test_invalid_file_names_are_rejected(tmp_path, filename):
    with pytest.raises(ValueError):
        transport.upload(transport.FolderSettings(str(tmp_path)), filename, b"data")
    assert names(tmp_path) == []


# ---------------------------------------------------------------------------------------------------------------
# Server down, connection cut


@pytest.mark.parametrize("kind", ["sftp", "ftp"])
def test_retry_after_the_server_was_down(request, kind):
    if kind == "sftp":
        server = request.getfixturevalue("sshd")
        settings, directory = sftp_settings(server), Path(server.upload_dir)
    else:
        server = request.getfixturevalue("ftpd")
        settings, directory = ftp_settings(server), ftp_inbox(server)
    server.stop()
    data = payload(200_000, seed=4)
    with pytest.raises(transport.TransportConnectionError) as info:
        transport.upload(settings, NAME, data)
    assert str(info.value).endswith("cannot connect: connection refused")
    assert f"127.0.0.1:{server.port}" in str(info.value)
    assert info.value.retryable
    with pytest.raises(transport.TransportConnectionError, match="connection refused"):
        transport.test_connection(settings)
    assert names(directory) == []

    server.start()
    result = transport.upload(settings, NAME, data)
    assert not result.already_present
    assert (directory / NAME).read_bytes() == data
    assert names(directory) == [NAME]


def test_connection_cut_mid_transfer_then_retry(server_target):
    server, directory = server_target.server, server_target.directory
    data = payload(8 * 1024 * 1024, seed=5)
    part = directory / f".{NAME}.part"
    killed = []

    def kill_the_server_once_data_arrived(sent, total):
        if not killed:
            wait_until(lambda: part.exists() and part.stat().st_size > 0)
            server.kill()
            killed.append(sent)

    started = time.monotonic()
    with pytest.raises(transport.TransferError) as info:
        transport.upload(server_target.settings, NAME, data, progress=kill_the_server_once_data_arrived)
    assert time.monotonic() - started < TIMEOUT, "a dropped connection must fail fast, not wait for the timeout"
    assert killed
    assert "connection dropped" in str(info.value)
    assert info.value.retryable
    assert names(directory) == [part.name]
    assert 0 < part.stat().st_size < len(data)

    server.start()
    result = transport.upload(server_target.settings, NAME, data)
    assert result == transport.UploadResult(server_target.remote_path(NAME), len(data), False)
    assert names(directory) == [NAME]
    assert (directory / NAME).read_bytes() == data
    # And once more: the complete file is recognised, nothing is uploaded twice.
    assert transport.upload(server_target.settings, NAME, data).already_present


# ---------------------------------------------------------------------------------------------------------------
# Logins and host keys


def test_wrong_password_is_refused(server_target):
    settings = dataclasses.replace(server_target.settings, password="not-the-password")
    with pytest.raises(transport.AuthenticationError) as info:
        transport.upload(settings, NAME, b"data")
    message = str(info.value)
    assert "login refused" in message
    assert f"user '{server_target.server.username}'" in message
    assert f"127.0.0.1:{server_target.server.port}" in message
    assert "not-the-password" not in message
    assert not info.value.retryable
    with pytest.raises(transport.AuthenticationError, match="login refused"):
        transport.test_connection(settings)
    assert names(server_target.directory) == []


@pytest.mark.parametrize(
    ("key_type", "passphrase", "pem"),
    [("ed25519", "", False), ("ed25519", "ed-secret-phrase", False), ("ecdsa", "ec-secret-phrase", False),
     ("rsa", "rsa-secret-phrase", True), ("rsa", "", False)],
)  # fmt: skip
def test_sftp_key_login(sshd, tmp_path, key_type, passphrase, pem):
    private_key, public_key = servers.generate_ssh_key(str(tmp_path), key_type, passphrase, pem=pem)
    sshd.add_authorized_key(public_key)
    settings = sftp_settings(sshd, password=None, private_key=private_key, passphrase=passphrase or None)
    data = payload(70_000, seed=6)
    transport.upload(settings, NAME, data)
    assert (Path(sshd.upload_dir) / NAME).read_bytes() == data
    assert "Accepted publickey" in sshd.log_text()


def test_sftp_key_problems(sshd, tmp_path):
    private_key, public_key = servers.generate_ssh_key(str(tmp_path), "ed25519", "right-phrase")
    settings = sftp_settings(sshd, password=None, private_key=private_key)
    with pytest.raises(transport.AuthenticationError, match="encrypted and no passphrase"):
        transport.upload(settings, NAME, b"data")
    settings.passphrase = "wrong-phrase"
    with pytest.raises(transport.AuthenticationError, match="could not be loaded") as info:
        transport.upload(settings, NAME, b"data")
    assert "wrong-phrase" not in str(info.value)
    settings.passphrase = "right-phrase"  # a valid key, but not authorized on the server
    with pytest.raises(transport.AuthenticationError, match=r"login refused \(key rejected\)"):
        transport.upload(settings, NAME, b"data")
    sshd.add_authorized_key(public_key)
    transport.upload(settings, NAME, b"data")
    assert names(sshd.upload_dir) == [NAME]


def test_sftp_key_rejected_then_password(sshd, tmp_path):
    private_key, _public_key = servers.generate_ssh_key(str(tmp_path), "ed25519")
    transport.upload(sftp_settings(sshd, private_key=private_key), NAME, b"data")
    log = sshd.log_text()
    assert "Accepted password" in log
    assert "Accepted publickey" not in log


def test_sftp_wrong_host_key_is_refused_before_login(sshd):
    other = "SHA256:" + "A" * 43
    settings = sftp_settings(sshd, host_key_fingerprint=other)
    with pytest.raises(transport.HostKeyError) as info:
        transport.upload(settings, NAME, b"data")
    message = str(info.value)
    assert "host key mismatch" in message
    assert sshd.host_key_fingerprint in message and other in message
    assert not info.value.retryable
    assert names(sshd.upload_dir) == []
    with pytest.raises(transport.HostKeyError):
        transport.test_connection(settings)
    log = sshd.log_text()
    assert "Accepted" not in log and "Failed" not in log and "Postponed" not in log  # no login was attempted


@pytest.mark.parametrize("pin", [None, "", "MD5:12:34", "not a fingerprint"])
def test_sftp_missing_or_malformed_pin_is_refused(sshd, pin):
    with pytest.raises(transport.HostKeyError) as info:
        transport.upload(sftp_settings(sshd, host_key_fingerprint=pin), NAME, b"data")
    if not pin:
        assert sshd.host_key_fingerprint in str(info.value)
    else:
        assert "SHA256:" in str(info.value)
    assert names(sshd.upload_dir) == []


def test_sftp_pin_tolerates_padding_and_spaces(sshd):
    pin = f"  {sshd.host_key_fingerprint}=\n"
    transport.upload(sftp_settings(sshd, host_key_fingerprint=pin), NAME, b"data")
    assert names(sshd.upload_dir) == [NAME]


def test_fetch_host_key_returns_the_servers_key(sshd):
    key_type, fingerprint, key_base64 = transport.fetch_host_key(sshd.host, sshd.port, timeout=TIMEOUT)
    assert (key_type, fingerprint, key_base64) == (sshd.host_key_type, sshd.host_key_fingerprint, sshd.host_key_base64)
    # The same fingerprint as OpenSSH's client reports for the public key it is given.
    keygen = subprocess.run(
        [servers.SSH_KEYGEN, "-l", "-E", "sha256", "-f", "-"],
        input=f"{key_type} {key_base64}\n",
        capture_output=True,
        text=True,
        check=True,
    )
    assert keygen.stdout.split()[1] == fingerprint


def test_fetch_host_key_connection_refused():
    port = servers.free_port()
    with pytest.raises(
        transport.TransportConnectionError, match=f"127.0.0.1:{port}: cannot connect: connection refused"
    ):
        transport.fetch_host_key("127.0.0.1", port, timeout=TIMEOUT)


def test_ftps_untrusted_certificate_is_refused(ftpsd):
    settings = ftp_settings(ftpsd, ca_certificate=None)
    with pytest.raises(transport.TransportConnectionError, match="certificate verification failed"):
        transport.upload(settings, NAME, b"data")
    assert names(ftp_inbox(ftpsd)) == []


@pytest.mark.parametrize("kind", ["ftp", "ftps"])
def test_ftp_active_mode(request, kind):
    ftpd = request.getfixturevalue("ftpsd" if kind == "ftps" else "ftpd")
    inbox = ftp_inbox(ftpd)
    data = payload(600_000, seed=9)
    transport.upload(ftp_settings(ftpd, passive=False), NAME, data)
    assert (inbox / NAME).read_bytes() == data
    assert "PORT " in ftpd.log_text() or "EPRT " in ftpd.log_text()


def test_ftps_server_refuses_plain_ftp(ftpsd):
    with pytest.raises(transport.AuthenticationError, match="SSL/TLS required"):
        transport.upload(ftp_settings(ftpsd, tls=False), NAME, b"data")


# ---------------------------------------------------------------------------------------------------------------
# Remote file system problems


def test_permission_denied(server_target):
    server = server_target.server
    if isinstance(server, servers.SshServer):
        settings, directory = sftp_settings(server, remote_dir=server.readonly_dir), Path(server.readonly_dir)
        expected = "permission denied"
    else:
        settings, directory = ftp_settings(server, username=server.readonly_username), server_target.directory
        expected = "550"
    with pytest.raises(transport.TransferError) as info:
        transport.upload(settings, NAME, b"data")
    message = str(info.value)
    assert f"writing '{os.path.join(settings.remote_dir, f'.{NAME}.part')}' failed" in message
    assert expected in message
    assert names(directory) == []


def test_missing_remote_directory(server_target, tmp_path):
    settings = dataclasses.replace(server_target.settings, remote_dir="/no/such/dir")
    with pytest.raises(transport.TransferError, match="'/no/such/dir'"):
        transport.upload(settings, NAME, b"data")
    with pytest.raises(transport.TransferError, match="does not exist"):
        transport.upload(transport.FolderSettings(str(tmp_path / "missing")), NAME, b"data")


@pytest.fixture
def small_disk():
    """Mount small tmpfs file systems (root only); unmounted at the end."""
    mounted = []

    def mount(path, size="1m", owner=None):
        options = f"size={size},mode=0755"
        if owner is not None:
            options += f",uid={owner[0]},gid={owner[1]}"
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, check=False
        )
        if result.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode(errors='replace').strip()}")
        mounted.append(path)

    yield mount
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.mark.parametrize("kind", ["folder", "sftp", "ftp"])
def test_disk_full(request, tmp_path, kind):
    data = payload(2 * 1024 * 1024, seed=8)
    server = request.getfixturevalue({"folder": "tmp_path", "sftp": "sshd", "ftp": "ftpd"}[kind])
    small_disk = request.getfixturevalue("small_disk")  # after the server: unmounted before the server is removed
    if kind == "folder":
        directory = tmp_path / "disk"
        directory.mkdir()
        small_disk(directory)
        settings, expected = transport.FolderSettings(str(directory)), "disk full"
    elif kind == "sftp":
        sshd = server
        directory = Path(sshd.upload_dir)
        stat = directory.stat()
        small_disk(directory, owner=(stat.st_uid, stat.st_gid))
        settings, expected = sftp_settings(sshd), "disk full"
    else:
        ftpd = server
        directory = ftp_inbox(ftpd)
        small_disk(directory)
        # pyftpdlib answers "426 None; transfer aborted."; on a loaded machine the answer may come after the
        # client's timeout: both are a clean, retryable transfer error.
        settings, expected = ftp_settings(ftpd), ("server replied: 426", "timed out")
    with pytest.raises(transport.TransferError) as info:
        transport.upload(settings, NAME, data)
    expected = expected if isinstance(expected, tuple) else (expected,)
    assert any(text in str(info.value) for text in expected), str(info.value)
    assert info.value.retryable
    assert names(directory) == []  # the partial temporary file was removed again


# ---------------------------------------------------------------------------------------------------------------
# Secrets


def test_secrets_never_appear_in_reprs_messages_or_logs(sshd, ftpd, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    private_key, public_key = servers.generate_ssh_key(str(tmp_path), "ed25519", "key-passphrase-42")
    sshd.add_authorized_key(public_key)
    sftp = sftp_settings(sshd, private_key=private_key, passphrase="key-passphrase-42")
    ftp_inbox(ftpd)
    ftp = ftp_settings(ftpd)
    secrets = [sshd.password, ftpd.password, "key-passphrase-42", private_key, private_key.splitlines()[1]]

    texts = [repr(sftp), str(sftp), repr(ftp), str(ftp)]
    assert "password='***'" in repr(sftp) and "private_key='***'" in repr(sftp) and "passphrase='***'" in repr(sftp)
    assert "password='***'" in repr(ftp)
    assert "passphrase=None" in repr(sftp_settings(sshd))

    transport.upload(sftp, NAME, b"data")
    transport.upload(ftp, NAME, b"data")
    failures = [
        (dataclasses.replace(sftp, private_key=None, password="wrong-" + sshd.password), transport.AuthenticationError),
        (dataclasses.replace(sftp, passphrase="wrong-phrase-" + sshd.password), transport.AuthenticationError),
        (dataclasses.replace(ftp, password="wrong-" + ftpd.password), transport.AuthenticationError),
        (dataclasses.replace(sftp, host_key_fingerprint="SHA256:" + "B" * 43), transport.HostKeyError),
    ]
    for settings, error in failures:
        with pytest.raises(error) as info:
            transport.upload(settings, NAME, b"other data")
        texts.append(str(info.value))
        texts.append(repr(info.value))
    texts.append(caplog.text)
    for text in texts:
        for secret in secrets:
            assert secret not in text

    # Even a secret echoed back by the server or the OS (here: a directory named like the password) is masked.
    with pytest.raises(transport.TransferError) as info:
        transport.upload(dataclasses.replace(sftp, remote_dir=sshd.password), NAME, b"other data")
    assert sshd.password not in str(info.value)
    assert "remote directory '***' does not exist" in str(info.value)
