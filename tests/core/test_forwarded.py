"""The client's address behind reverse proxies (pure: no database)."""

import pytest

from motcua.core.forwarded import client_address

NGINX = "127.0.0.1"


@pytest.mark.parametrize(
    ("forwarded_for", "trusted", "expected"),
    [
        ("203.0.113.7", 0, NGINX),  # no proxy configured: the header is not believed
        ("203.0.113.7", 1, "203.0.113.7"),  # nginx appended the address it saw
        ("6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),  # what the client wrote is ignored
        ("198.51.100.1, 10.0.0.2", 2, "198.51.100.1"),  # CDN then nginx
        ("10.0.0.2", 2, NGINX),  # fewer addresses than proxies: not through them
        ("", 1, NGINX),  # reached the server directly
        ("not-an-address", 1, NGINX),
        (" 2001:db8::1 ", 1, "2001:db8::1"),
    ],
)
def test_client_is_the_address_the_first_trusted_proxy_saw(forwarded_for, trusted, expected):
    found = client_address(remote_addr=NGINX, forwarded_for=forwarded_for, trusted_proxies=trusted)
    assert found == expected
