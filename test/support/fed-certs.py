"""Certificates for the federated test world (test/support/federation.ts), made with `cryptography`
from the Synapse virtualenv.

    python fed-certs.py OUT_DIR NAME... [--rogue NAME...]

writes into OUT_DIR
    ca.pem                     the test CA (the servers trust only this: federation_custom_ca_list)
    NAME.crt, NAME.key         one leaf per NAME, SAN DNS:NAME, signed by the test CA
    rogue-ca.pem               a second CA nobody trusts
    ROGUE.crt, ROGUE.key       leaves with the right SAN, signed by the rogue CA (a server that must be refused)

Keys are EC P-256 (generated in milliseconds; RSA would cost ~50 ms each). The CA private keys exist
only in this process: nothing can sign further certificates after it exits. Key files are 0600.
"""

import datetime
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def validity(builder: x509.CertificateBuilder) -> x509.CertificateBuilder:
    now = datetime.datetime.now(datetime.timezone.utc)
    return builder.not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=7))


def make_ca(cn: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(cn))
        .issuer_name(name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    return key, validity(builder).sign(key, hashes.SHA256())


def make_leaf(host: str, ca_key: ec.EllipticCurvePrivateKey, ca: x509.Certificate) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(host))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    return key, validity(builder).sign(ca_key, hashes.SHA256())


def write(path: str, data: bytes, secret: bool = False) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if secret else 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def main(argv: list[str]) -> None:
    out, rest = argv[0], argv[1:]
    trusted = rest[: rest.index("--rogue")] if "--rogue" in rest else rest
    rogue = rest[rest.index("--rogue") + 1 :] if "--rogue" in rest else []
    for group, cn, ca_file in ((trusted, "Lagebot test CA", "ca.pem"), (rogue, "Untrusted test CA", "rogue-ca.pem")):
        ca_key, ca = make_ca(cn)
        write(os.path.join(out, ca_file), pem(ca))
        for host in group:
            key, cert = make_leaf(host, ca_key, ca)
            write(os.path.join(out, f"{host}.crt"), pem(cert))
            write(os.path.join(out, f"{host}.key"), key_pem(key), secret=True)


if __name__ == "__main__":
    main(sys.argv[1:])
