"""A small anti-abuse challenge for public forms: an arithmetic question, a honeypot and a minimum time.

The question and the time it was shown travel in a signed token. A token is good for one
submission: the first check records it in the cache (Redis) until it would have expired anyway,
so a solved token cannot be replayed.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
import time

from django.core import signing
from django.core.cache import cache

SALT = "militancia.attention.challenge"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 2 * 60 * 60


class Outcome(enum.Enum):
    OK = "ok"
    BOT = "bot"  # the honeypot was filled
    INVALID = "invalid"  # tampered with or expired
    REPLAYED = "replayed"  # already used once
    TOO_FAST = "too_fast"  # sent before a person could have read the form
    WRONG = "wrong"


def new_challenge(now: float | None = None) -> tuple[str, str]:
    """(question text, signed token)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps(
        {"a": a, "b": b, "t": int(now if now is not None else time.time()), "n": secrets.token_hex(8)}, salt=SALT
    )
    return f"{a} + {b}", token


def _used_key(token: str) -> str:
    return "attention-challenge-used:" + hashlib.sha256(token.encode()).hexdigest()


def verify_challenge(token: str, answer, honeypot: str = "", now: float | None = None) -> Outcome:
    """Why the submission passes or not. Any check of a genuine token uses it up."""
    if honeypot:
        return Outcome.BOT
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return Outcome.INVALID
    # cache.add is atomic (SET NX): of two submissions of the same token only one gets through.
    if not cache.add(_used_key(token), 1, timeout=MAX_AGE_SECONDS + 60):
        return Outcome.REPLAYED
    elapsed = (now if now is not None else time.time()) - data["t"]
    if elapsed < MIN_SECONDS:
        return Outcome.TOO_FAST
    try:
        right = int(str(answer).strip()) == data["a"] + data["b"]
    except (TypeError, ValueError):
        right = False
    return Outcome.OK if right else Outcome.WRONG


def check_challenge(token: str, answer, honeypot: str = "", now: float | None = None) -> bool:
    """True when the answer is right, the honeypot empty, the token fresh and not sent in a blink."""
    return verify_challenge(token, answer, honeypot, now) is Outcome.OK


def question_of(token: str) -> str | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    return f"{data['a']} + {data['b']}"
