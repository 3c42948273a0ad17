"""Who is asking: the client's address, as every throttle (logins, the guest order lookup) counts it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the entry
    those proxies appended to X-Forwarded-For (what a client sends itself is ignored).
    django-axes counts failed logins by it too (AXES_CLIENT_IP_CALLABLE)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def client_bucket(request: HttpRequest) -> str:
    """The client to count tries against: its address, an IPv6 client by its /64 (one subscriber)."""
    address = client_address(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:  # one subscriber holds a whole /64
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
