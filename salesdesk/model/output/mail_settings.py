"""E-mail settings and the SMTP conversation, for ``desk.mail``.

The settings live on the company (Setup · Company); the password never does: it comes from
the environment variable ``SALESDESK_SMTP_PASSWORD`` or, failing that, the OS keyring
(service "salesdesk", the SMTP user). ``deliver`` hands one message to the server and turns
whatever goes wrong (refused connection, unknown host, no STARTTLS, bad password, refused
recipient, timeout) into one sentence a clerk can act on: ``TransportError``.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from ...i18n import _

PASSWORD_ENV = "SALESDESK_SMTP_PASSWORD"
KEYRING_SERVICE = "salesdesk"
SECURITY_MODES = ("starttls", "ssl", "none")


class TransportError(Exception):
    """The server could not take the message; ``str(err)`` says why, for the clerk."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # starttls, ssl, none
    user: str
    sender: str  # the From address
    sender_name: str  # the company's name, shown as the From display name
    timeout: int

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def sender_domain(self) -> str:
        return self.sender.rpartition("@")[2] or "localhost"


def settings_of(company) -> SmtpSettings:
    """The SMTP settings read from the company row."""
    return SmtpSettings(
        host=(company.smtp_host or "").strip(), port=int(company.smtp_port or 587),
        security=company.smtp_security or "starttls", user=(company.smtp_user or "").strip(),
        sender=(company.smtp_sender or company.email or "").strip(), sender_name=company.name or "",
        timeout=int(company.smtp_timeout or 20))


def smtp_password(user: str) -> str | None:
    """The SMTP password: ``SALESDESK_SMTP_PASSWORD`` when set, else the OS keyring's entry for
    ("salesdesk", user); None when neither has one. A keyring that is missing, locked or broken
    counts as no password (the caller says which variable to set)."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not user:
        return None
    try:
        import keyring  # only when a password is needed: importing it looks for backends

        return keyring.get_password(KEYRING_SERVICE, user) or None
    except Exception:  # noqa: BLE001 - any keyring failure means "no password from the keyring"
        return None


def problems_of(settings: SmtpSettings, password: str | None) -> list[str]:
    """What keeps the desk from sending, every reason at once ([] when it can send)."""
    problems = []
    if not settings.host:
        problems.append(_("No SMTP server is set up: fill in SMTP Server in Setup · Company."))
    if not settings.sender:
        problems.append(_("No sender address: fill in Sender E-Mail or the company's E-Mail in Setup · Company."))
    if settings.security not in SECURITY_MODES:
        problems.append(_("SMTP Security must be starttls, ssl or none (it is '{value}').").format(
            value=settings.security))
    if settings.user and not password:
        problems.append(_("No password for SMTP user {user}: set the environment variable {var} or store it in "
                          "the system keyring (service 'salesdesk', user {user}).").format(
            user=settings.user, var=PASSWORD_ENV))
    return problems


def deliver(settings: SmtpSettings, message: EmailMessage, password: str | None) -> dict[str, str]:
    """Hand ``message`` to the SMTP server (its To header says to whom). Raises
    ``TransportError`` with a clerk-readable reason when the server does not take it; returns
    the recipients it refused while taking the others ({address: its reply})."""
    where = settings.where
    try:
        if settings.security == "ssl":
            server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with server:
            if settings.security == "starttls":
                server.ehlo()
                if not server.has_extn("starttls"):
                    raise TransportError(_("{where} does not offer STARTTLS: set SMTP Security to 'ssl' or 'none' "
                                           "to match the server, or use its submission port.").format(where=where))
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if settings.user:
                try:
                    server.login(settings.user, password or "")
                except UnicodeError:  # smtplib speaks ASCII: never echo the password's characters
                    raise TransportError(_("The SMTP password has characters other than plain ASCII letters, "
                                           "digits and signs; {where} cannot be given it.").format(where=where)) from None
            refused = server.send_message(message)
        return {address: _reply_of(code, text) for address, (code, text) in (refused or {}).items()}
    except TransportError:
        raise
    except Exception as err:  # every failure becomes the clerk's sentence
        raise TransportError(explain(err, settings)) from err


def explain(err: BaseException, settings: SmtpSettings) -> str:
    """One sentence for what went wrong talking to the server."""
    where = settings.where
    if isinstance(err, smtplib.SMTPAuthenticationError):
        return _("{where} refused the user name or password for {user}: {reply}").format(
            where=where, user=settings.user, reply=_reply(err))
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{addr} ({_reply_of(code, text)})" for addr, (code, text) in err.recipients.items())
        return _("{where} refused the recipient: {refused}").format(where=where, refused=refused)
    if isinstance(err, smtplib.SMTPSenderRefused):
        return _("{where} refused the sender {sender}: {reply}").format(where=where, sender=settings.sender,
                                                                        reply=_reply(err))
    if isinstance(err, smtplib.SMTPNotSupportedError):
        return _("{where} does not support what was asked: {reason}").format(where=where, reason=err)
    if isinstance(err, smtplib.SMTPServerDisconnected):
        return _("{where} closed the connection: {reason}").format(where=where, reason=err or _("no reason given"))
    if isinstance(err, smtplib.SMTPResponseException):
        return _("{where} answered with an error: {reply}").format(where=where, reply=_reply(err))
    if isinstance(err, smtplib.SMTPException):
        return _("E-mail error with {where}: {reason}").format(where=where, reason=err)
    if isinstance(err, socket.gaierror):
        return _("Could not connect to {where}: the server name {host} is unknown.").format(
            where=where, host=settings.host)
    if isinstance(err, (TimeoutError, socket.timeout)):
        return _("Could not reach {where}: no answer within {n} s.").format(where=where, n=settings.timeout)
    if isinstance(err, ssl.SSLError):
        return _("Secure connection to {where} failed ({reason}): check SMTP Security and the port.").format(
            where=where, reason=getattr(err, "reason", None) or err)
    if isinstance(err, ConnectionRefusedError):
        return _("Could not connect to {where}: Connection refused").format(where=where)
    if isinstance(err, OSError):
        return _("Could not connect to {where}: {reason}").format(where=where, reason=err.strerror or err)
    return _("E-mail error with {where}: {reason}").format(where=where, reason=err)


def _reply(err) -> str:
    return _reply_of(getattr(err, "smtp_code", ""), getattr(err, "smtp_error", b""))


def _reply_of(code, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()
