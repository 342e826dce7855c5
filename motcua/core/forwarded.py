"""The client's address behind reverse proxies. No Django here (tested directly).

Each trusted proxy appends the address it received the request from to X-Forwarded-For,
so with N proxies in front the client is the N-th address counted from the right of
[forwarded addresses..., REMOTE_ADDR] — what the client itself wrote further left proves
nothing. Without the header, or with fewer addresses than proxies (the request did not
come through them), REMOTE_ADDR stands.
"""

import ipaddress


def client_address(*, remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str:
    if trusted_proxies <= 0 or not forwarded_for.strip():
        return remote_addr
    forwarded = [part.strip() for part in forwarded_for.split(",")]
    if len(forwarded) < trusted_proxies:
        return remote_addr
    candidate = forwarded[-trusted_proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr  # not an address: a broken or forged header
