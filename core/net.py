"""The client's IP address, the one way: rate limits, login lockouts and the audit log all use it.

X-Forwarded-For is written by whoever sends the request, so it is believed only when the
request comes from a proxy listed in TRUSTED_PROXIES (IPs or CIDRs, README "Configuration").
Then the header is read from the right: each trusted proxy appended the address it received
from, and the first address that is not a trusted proxy is the client. Anything further left
was written by the client itself and is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:5123"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    parsed = _parse(address or "")
    if parsed is None:
        return False
    return any(parsed in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or, behind a trusted proxy, the right-most untrusted X-Forwarded-For address."""
    peer = request.META.get("REMOTE_ADDR") or None
    if not is_trusted_proxy(peer):
        return peer
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        parsed = _parse(hop)
        if parsed is None:
            return peer  # a malformed hop: stop believing the header
        if not is_trusted_proxy(str(parsed)):
            return str(parsed)
    return str(_parse(hops[0])) if hops else peer  # every hop is a proxy: the left-most one
