"""Encryption at rest of personal identifiers (identity numbers), with key rotation.

`FIELD_ENCRYPTION_KEYS` lists Fernet keys, newest first: values are
encrypted with the first and decrypted with any, so a new key can be put in
front and rows re-encrypted at leisure (`reencrypt`); each row records the
id of the key it was last encrypted with. `FIELD_HASH_KEY` keys an HMAC of
the normalised value, so a number can be looked up without decrypting.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionError(RuntimeError):
    """No configured key opens this value: a key was removed before rotation ended."""


def key_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:12]


@functools.cache
def _keys() -> tuple[MultiFernet, str]:
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    return MultiFernet([Fernet(key.encode()) for key in keys]), key_id(keys[0])


def primary_key_id() -> str:
    return _keys()[1]


def encrypt(value: str) -> tuple[str, str]:
    """The encrypted value and the id of the key that encrypted it."""
    fernet, current = _keys()
    return fernet.encrypt(value.encode()).decode(), current


def decrypt(token: str) -> str:
    try:
        return _keys()[0].decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise DecryptionError("No configured encryption key opens this value.") from error


def reencrypt(token: str) -> tuple[str, str]:
    """The same value encrypted with the newest key (MultiFernet.rotate)."""
    fernet, current = _keys()
    try:
        return fernet.rotate(token.encode()).decode(), current
    except InvalidToken as error:
        raise DecryptionError("No configured encryption key opens this value.") from error


def blind_index(purpose: str, value: str) -> str:
    """A keyed hash to find equal values without decrypting them."""
    message = f"{purpose}:{value}".encode()
    return hmac.new(settings.FIELD_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def clear_cache() -> None:
    """After the keys changed in the settings (tests, rotation)."""
    _keys.cache_clear()
