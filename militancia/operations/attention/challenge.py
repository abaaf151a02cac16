"""A small anti-abuse challenge for public forms: an arithmetic question, a honeypot and a minimum time.

The question and the time it was shown travel in a signed token, so nothing is stored server-side.
"""

from __future__ import annotations

import secrets
import time

from django.core import signing

SALT = "militancia.attention.challenge"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 2 * 60 * 60


def new_challenge(now: float | None = None) -> tuple[str, str]:
    """(question text, signed token)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a, "b": b, "t": int(now if now is not None else time.time())}, salt=SALT)
    return f"{a} + {b}", token


def check_challenge(token: str, answer, honeypot: str = "", now: float | None = None) -> bool:
    """True when the answer is right, the honeypot is empty and the form was not filled by a bot in a blink."""
    if honeypot:
        return False
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    elapsed = (now if now is not None else time.time()) - data["t"]
    if elapsed < MIN_SECONDS:
        return False
    try:
        return int(str(answer).strip()) == data["a"] + data["b"]
    except (TypeError, ValueError):
        return False


def question_of(token: str) -> str | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    return f"{data['a']} + {data['b']}"
