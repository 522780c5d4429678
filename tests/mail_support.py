"""A real SMTP server on the loopback for e-mail tests (model and TUI).

Use it with ``from tests.mail_support import smtp_server  # noqa: F401`` and a ``smtp_server``
argument: ``.port`` to point the company at, ``.messages`` (parsed ``EmailMessage`` objects,
in the order received), ``.envelopes`` (sender and recipients as the server saw them),
``.logins`` (user names that authenticated) and ``.closed_port()`` for a port nobody listens on.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

import pytest


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Collector:
    """aiosmtpd handler: keeps every message received."""

    def __init__(self, server: SmtpServer):
        self.server = server

    async def handle_DATA(self, _server, _session, envelope):
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.server.lock:
            self.server.messages.append(parsed)
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    port: int = 0
    host: str = "127.0.0.1"
    messages: list = field(default_factory=list)
    envelopes: list = field(default_factory=list)
    logins: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @staticmethod
    def closed_port() -> int:
        """A port with nothing listening (connecting to it is refused)."""
        return free_port()


def start_server(*, password: str | None = None):
    """An aiosmtpd Controller on 127.0.0.1 and a free port, and the SmtpServer it fills. With
    ``password``, it offers AUTH (without TLS) and accepts any user with that password."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    server = SmtpServer()
    kwargs = {}
    if password is not None:
        def authenticate(_server, _session, _envelope, _mechanism, auth_data):
            ok = auth_data.password.decode() == password
            if ok:
                server.logins.append(auth_data.login.decode())
            return AuthResult(success=ok, handled=False)  # aiosmtpd answers 235 or 535 itself

        kwargs = {"authenticator": authenticate, "auth_require_tls": False}
    controller = Controller(_Collector(server), hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    server.port = controller.port
    return controller, server


@pytest.fixture
def smtp_server():
    """A live SMTP server on the loopback: ``.port``, ``.messages``."""
    controller, server = start_server()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp_server_with_auth():
    """The same server, asking for a login (any user, password "s3cret"); ``.logins``."""
    controller, server = start_server(password="s3cret")
    try:
        yield server
    finally:
        controller.stop()
