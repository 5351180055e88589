"""The device token, kept in the operating system's keyring and never in the config file.

On Windows and macOS that is the system's credential store. On a Linux kiosk it is the Secret
Service (gnome-keyring, unlocked when the kiosk user logs in automatically; see
docs/SECURITY.md). A Linux machine with no keyring at all cannot keep a secret safely; there
the token is stored in a file readable only by the kiosk's user, and only when the operator
has said so (``ELDERKIOSK_ALLOW_PLAINTEXT_TOKEN=1``): otherwise the kiosk refuses to enrol and
says why. It finds that out before it uses an enrolment code (:meth:`TokenStore.check`): a
code can be used once, and a token the center gave that cannot be kept is lost with it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

SERVICE = "eldercare-kiosk"
ALLOW_PLAINTEXT_ENV = "ELDERKIOSK_ALLOW_PLAINTEXT_TOKEN"


class NoSafeStorage(Exception):
    """No keyring is available and the operator has not allowed a plain file."""


def _no_safe_storage() -> NoSafeStorage:
    return NoSafeStorage(
        "No keyring is available to keep the device token safe. Set up the Secret "
        f"Service, or allow a protected file with {ALLOW_PLAINTEXT_ENV}=1."
    )


class TokenStore:
    """Read, write and forget the device token for one center server URL."""

    def __init__(self, server_url: str, data_dir: Path, *, environ: dict[str, str] | None = None):
        self.account = f"device-token:{server_url.rstrip('/')}"
        self.file = data_dir / "device-token"
        env = os.environ if environ is None else environ
        self.allow_plaintext = env.get(ALLOW_PLAINTEXT_ENV, "") in ("1", "true", "yes")

    @staticmethod
    def _keyring():
        """The usable keyring backend, or None."""
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or backend.priority <= 0:
            return None
        return backend

    def load(self) -> str | None:
        backend = self._keyring()
        if backend is not None:
            try:
                token = backend.get_password(SERVICE, self.account)
            except Exception:
                log.warning("the keyring could not be read", exc_info=True)
                token = None
            if token:
                return str(token)
        if self.allow_plaintext and self.file.exists():
            text = self.file.read_text(encoding="utf-8").strip()
            return text or None
        return None

    def save(self, token: str) -> str:
        """Store the token; return where ("keyring" or the file's path)."""
        backend = self._keyring()
        if backend is not None:
            try:
                backend.set_password(SERVICE, self.account, token)
                return "keyring"
            except Exception:
                log.warning("the keyring refused the token", exc_info=True)
        if not self.allow_plaintext:
            raise _no_safe_storage()
        self.file.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        fd = os.open(self.file, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(token)
        os.chmod(self.file, 0o600)
        return str(self.file)

    def check(self) -> str:
        """Where a token would be kept ("keyring" or the file's path), found by trying: a
        test entry is written and removed. Raises :class:`NoSafeStorage` where there is no
        such place, before an enrolment code is spent on a token that would be lost."""
        backend = self._keyring()
        if backend is not None:
            probe = f"check:{self.account}"
            try:
                backend.set_password(SERVICE, probe, "check")
            except Exception:
                log.warning("the keyring refused a test entry", exc_info=True)
            else:
                try:
                    backend.delete_password(SERVICE, probe)
                except Exception:
                    log.debug("the keyring's test entry could not be removed", exc_info=True)
                return "keyring"
        if not self.allow_plaintext:
            raise _no_safe_storage()
        probe_file = self.file.with_name(self.file.name + ".check")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(probe_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
            probe_file.unlink()
        except OSError as exc:
            raise NoSafeStorage(f"the token file {self.file} cannot be written: {exc}") from exc
        return str(self.file)

    def forget(self) -> None:
        backend = self._keyring()
        if backend is not None:
            try:
                backend.delete_password(SERVICE, self.account)
            except Exception:
                log.debug("no token in the keyring to forget", exc_info=True)
        if self.file.exists():
            self.file.unlink()
