# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""pytest fixtures around tests/servers.py: real SFTP/FTP/FTPS servers on 127.0.0.1, one per test, always stopped."""

import importlib.util
import sys
from pathlib import Path

import pytest


def load_module(name, path):
    """Import a plain Python file under a unique module name (no package needed), once per process."""
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module


servers = load_module("factoring_test_servers", Path(__file__).resolve().parent / "servers.py")


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
