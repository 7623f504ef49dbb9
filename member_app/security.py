"""Password hashing. passlib's bcrypt path breaks with bcrypt>=4.1, so argon2 it is."""

from __future__ import annotations

from passlib.context import CryptContext
from passlib.exc import UnknownHashError

_context = CryptContext(schemes=["argon2"], deprecated="auto")
# Checked when the username is unknown so that timing does not reveal which usernames exist.
_DUMMY_HASH = _context.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _context.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _context.verify(password, _DUMMY_HASH)
        return False
    try:
        return _context.verify(password, password_hash)
    except UnknownHashError:
        # A stored value that is no hash ("!": an account made without a password, e.g. by a
        # bulk import) matches no password: a refusal, never a server error.
        _context.verify(password, _DUMMY_HASH)
        return False
