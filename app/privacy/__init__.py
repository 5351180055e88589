"""Residents' data on the kiosk stays theirs.

- :mod:`app.privacy.key`: the database key, kept in a systemd credential or the OS keyring,
  never beside the database; a kiosk whose database is encrypted and whose key is gone says
  so and never starts a new, empty database over it;
- :mod:`app.privacy.encrypt`: an older plain database file turned into an encrypted one
  (SQLCipher), once, safely against a power cut;
- :mod:`app.privacy.modes`: folders readable by the kiosk's user alone (0700, files 0600);
- :mod:`app.privacy.consent`: what each resident agreed to (health readings, call recording,
  family sharing), with the version of the words they were shown, who recorded it and when,
  and each withdrawal; sent to the center with the outbox;
- :mod:`app.privacy.retention`: local copies of readings and messages removed once the center
  has them and their time here is up;
- :mod:`app.privacy.erasure`: everything the kiosk holds of one resident, removed when the
  center erased them on request.
"""
