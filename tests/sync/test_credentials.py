"""Where the device token is kept, and how the kiosk knows it talks to its own center.

The token goes to the OS keyring; with no keyring (the fail backend, as on this machine) only
into a file readable by the kiosk user alone, and only when the operator allows it. TLS: the
center runs with a certificate from the center's own CA, and the kiosk trusts that CA by path,
for HTTPS and for the update WebSocket.
"""

from __future__ import annotations

import datetime
import ipaddress
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from keyring.backends import fail

from app.catalog import Catalog
from app.orders import OrderStatus, get_order, place_order
from app.people import Resident
from app.store import Store
from sync.client import CenterClient, Retryable
from sync.credentials import ALLOW_PLAINTEXT_ENV, SERVICE, NoSafeStorage, TokenStore
from tests.helpers.center import CenterMaker, CenterProcess, StaffApi
from tests.helpers.privacy import LockedKeyring, MemoryKeyring

SERVER = "https://center.example.org"
ALLOWED = {ALLOW_PLAINTEXT_ENV: "1"}


@pytest.fixture
def use_keyring() -> Iterator:
    """``use_keyring(backend)`` for the rest of the test; the previous one comes back after."""
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(use_keyring) -> None:
    use_keyring(fail.Keyring())


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- no keyring ---------------------------------------------------------------------------


def test_without_a_keyring_the_token_is_not_written_unless_the_operator_allows_it(
    no_keyring: None, tmp_path: Path
) -> None:
    tokens = TokenStore(SERVER, tmp_path, environ={})
    with pytest.raises(NoSafeStorage) as refused:
        tokens.save("secret-token")
    assert ALLOW_PLAINTEXT_ENV in str(refused.value)
    assert "keyring" in str(refused.value).lower()
    assert list(tmp_path.iterdir()) == []
    assert tokens.load() is None


def test_with_the_operators_leave_the_token_goes_to_a_file_only_the_kiosk_user_reads(
    no_keyring: None, tmp_path: Path
) -> None:
    tokens = TokenStore(SERVER + "/", tmp_path / "data", environ=ALLOWED)
    where = tokens.save("secret-token")
    assert where == str(tmp_path / "data" / "device-token")
    assert mode_of(Path(where)) == 0o600
    assert Path(where).read_text(encoding="utf-8") == "secret-token"
    assert tokens.load() == "secret-token"
    # The same server, however its URL is written, and the same folder find it again.
    assert TokenStore(SERVER, tmp_path / "data", environ=ALLOWED).load() == "secret-token"
    # Without the operator's leave the file is not trusted either.
    assert TokenStore(SERVER, tmp_path / "data", environ={}).load() is None

    tokens.forget()
    assert not Path(where).exists()
    assert tokens.load() is None
    tokens.forget()  # forgetting twice is fine


def test_a_token_file_left_readable_by_others_is_closed_again_on_save(
    no_keyring: None, tmp_path: Path
) -> None:
    loose = tmp_path / "device-token"
    loose.write_text("old", encoding="utf-8")
    loose.chmod(0o644)
    TokenStore(SERVER, tmp_path, environ=ALLOWED).save("new-token")
    assert mode_of(loose) == 0o600
    assert loose.read_text(encoding="utf-8") == "new-token"


# -- a keyring ----------------------------------------------------------------------------


def test_with_a_keyring_the_token_lives_there_and_no_file_is_written(
    use_keyring, tmp_path: Path
) -> None:
    backend = MemoryKeyring()
    use_keyring(backend)
    # Even with the plain-file leave, a working keyring is used.
    tokens = TokenStore(SERVER, tmp_path, environ=ALLOWED)
    assert tokens.save("secret-token") == "keyring"
    assert list(tmp_path.iterdir()) == []
    assert backend.secrets == {(SERVICE, f"device-token:{SERVER}"): "secret-token"}
    assert tokens.load() == "secret-token"
    assert TokenStore("https://other.example.org", tmp_path, environ={}).load() is None

    tokens.forget()
    assert backend.secrets == {}
    assert tokens.load() is None
    tokens.forget()


def test_a_locked_keyring_falls_back_only_as_far_as_the_operator_allows(
    use_keyring, tmp_path: Path
) -> None:
    use_keyring(LockedKeyring())
    with pytest.raises(NoSafeStorage):
        TokenStore(SERVER, tmp_path, environ={}).save("secret-token")
    assert list(tmp_path.iterdir()) == []
    allowed = TokenStore(SERVER, tmp_path, environ=ALLOWED)
    assert allowed.save("secret-token") == str(tmp_path / "device-token")
    assert allowed.load() == "secret-token"


# -- before an enrolment code is used -------------------------------------------------------


def test_the_check_before_enrolling_refuses_where_no_token_could_be_kept(
    no_keyring: None, tmp_path: Path
) -> None:
    with pytest.raises(NoSafeStorage) as refused:
        TokenStore(SERVER, tmp_path, environ={}).check()
    assert ALLOW_PLAINTEXT_ENV in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_the_check_finds_a_working_keyring_and_leaves_nothing_in_it(
    use_keyring, tmp_path: Path
) -> None:
    backend = MemoryKeyring()
    use_keyring(backend)
    assert TokenStore(SERVER, tmp_path, environ=ALLOWED).check() == "keyring"
    assert backend.secrets == {}
    assert list(tmp_path.iterdir()) == []


def test_the_check_tries_a_locked_keyring_and_then_the_allowed_file(
    use_keyring, tmp_path: Path
) -> None:
    use_keyring(LockedKeyring())
    with pytest.raises(NoSafeStorage):
        TokenStore(SERVER, tmp_path, environ={}).check()
    allowed = TokenStore(SERVER, tmp_path / "data", environ=ALLOWED)
    assert allowed.check() == str(tmp_path / "data" / "device-token")
    assert list((tmp_path / "data").iterdir()) == []  # the test file is gone again


def test_the_check_refuses_a_token_file_that_cannot_be_written(
    no_keyring: None, tmp_path: Path
) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(NoSafeStorage) as refused:
        TokenStore(SERVER, blocked, environ=ALLOWED).check()
    assert "cannot be written" in str(refused.value)


# -- TLS ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificates:
    ca: Path
    cert: Path
    key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_certificates(folder: Path) -> Certificates:
    """A center's own CA and a server certificate for 127.0.0.1 signed by it."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Test community center CA"))
        .issuer_name(_name("Test community center CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    found = Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    found.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    found.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    found.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    found.key.chmod(0o600)
    return found


@pytest.fixture
def certificates(tmp_path: Path) -> Certificates:
    return make_certificates(tmp_path)


@pytest.fixture
def tls_center(center_factory: CenterMaker, certificates: Certificates) -> CenterProcess:
    """The center on HTTPS with a certificate of its own CA (TLS does not depend on the
    database, so SQLite only)."""
    center = center_factory("sqlite", certfile=certificates.cert, keyfile=certificates.key)
    return center.start(verify=str(certificates.ca))


@pytest.fixture
def no_ca_bundle_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing in the environment that tells requests to trust a bundle of its own."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)


def test_the_kiosk_trusts_the_center_through_the_centers_own_ca(
    tls_center: CenterProcess, certificates: Certificates, no_ca_bundle_in_env: None
) -> None:
    assert tls_center.url.startswith("https://127.0.0.1:")
    trusting = CenterClient(tls_center.url, ca_file=str(certificates.ca))
    stranger = CenterClient(tls_center.url)
    try:
        enrolled = trusting.enrol(tls_center.enrolment_code(), "tls kiosk", "kiosk")
        trusting.token = enrolled.token
        assert trusting.updates(0).updates == []

        stranger.token = enrolled.token
        with pytest.raises(Retryable) as refused:
            stranger.updates(0)
        assert "certificate not trusted" in str(refused.value)
        assert refused.value.retry_after == 60
    finally:
        trusting.close()
        stranger.close()


def test_the_centers_ca_is_used_even_when_the_environment_names_another_bundle(
    tls_center: CenterProcess, certificates: Certificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many machines set REQUESTS_CA_BUNDLE (this one does): the configured center CA must
    still be the one the kiosk checks the center against."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    client = CenterClient(tls_center.url, ca_file=str(certificates.ca))
    try:
        enrolled = client.enrol(tls_center.enrolment_code(), "tls kiosk", "kiosk")
        assert enrolled.token
    finally:
        client.close()


def test_updates_come_over_a_verified_wss_socket(
    tls_center: CenterProcess,
    certificates: Certificates,
    no_ca_bundle_in_env: None,
    store: Store,
    residents: dict[str, Resident],
    catalog: Catalog,
    sync_threads,
) -> None:
    client = CenterClient(tls_center.url, ca_file=str(certificates.ca))
    staff = StaffApi(tls_center, tls_center.staff_token(), verify=str(certificates.ca))
    try:
        client.token = client.enrol(tls_center.enrolment_code(), "tls kiosk", "kiosk").token
        order = place_order(store, residents["10001"], catalog.services[1], {"when": "today"})
        # Pulls only at start and then once a minute: an update within seconds came by socket.
        threads = sync_threads(store, client, poll_s=60.0)
        threads.wait_drained(20)
        assert staff.act(order.id, "accept").status_code == 200

        def accepted() -> bool:
            found = get_order(store, order.id)
            return found is not None and found.status == OrderStatus.ACCEPTED

        threads.wait_for(accepted, 5, "the update over wss")
        threads.stop()
    finally:
        staff.close()
        client.close()
