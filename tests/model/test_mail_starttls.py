"""E-mail over STARTTLS, really negotiated: a local SMTP server that requires it, with a
throwaway certificate from a throwaway authority. Trusted, the invoice goes through
encrypted; not trusted, the clerk reads why and nothing is sent in clear."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from decimal import Decimal

import pytest

from salesdesk.model import DocKind
from salesdesk.model.output.mail import MailError
from salesdesk.model.output.mail_settings import PASSWORD_ENV
from tests.mail_support import SmtpServer, _Collector, free_port


def _certificates(folder):
    """A CA and a server certificate for 127.0.0.1 signed by it: (ca.pem, cert.pem, key.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "salesdesk test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


class _TlsCollector(_Collector):
    async def handle_DATA(self, server, session, envelope):
        self.server.encrypted.append(session.ssl is not None)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def tls_server(tmp_path):
    from aiosmtpd.controller import Controller

    ca, cert, key = _certificates(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = SmtpServer()
    server.encrypted = []
    controller = Controller(_TlsCollector(server), hostname="127.0.0.1", port=free_port(),
                            tls_context=context, require_starttls=True)
    controller.start()
    server.port = controller.port
    server.ca = ca
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def tls_shop(shop, monkeypatch, tls_server):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    shop.customers.update("C", email="jardins@example.com")
    shop.setup.update_company(name="Garden Shop", email="shop@example.com", smtp_host="127.0.0.1",
                              smtp_port=tls_server.port, smtp_security="starttls")
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", Decimal("1"))
    return shop, shop.sales.post(invoice).invoice_no


def test_an_invoice_goes_out_over_starttls_to_a_trusted_server(tls_shop, tls_server, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.ca))  # the machine trusts the test CA
    shop, no = tls_shop
    shop.mail.send(shop.posted.invoice(no))
    (message,) = tls_server.messages
    assert no in message["Subject"] and tls_server.encrypted == [True]


def test_an_untrusted_certificate_stops_the_send_with_a_reason(tls_shop, tls_server, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.ca.parent / "no-such-ca.pem"))
    shop, no = tls_shop
    with pytest.raises(MailError) as failed:
        shop.mail.send(shop.posted.invoice(no))
    assert "certificate" in str(failed.value).lower()
    assert tls_server.messages == []
