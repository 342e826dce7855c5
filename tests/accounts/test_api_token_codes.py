"""API token values, without a database."""

from datetime import UTC, datetime, timedelta

from motcua.accounts.api_token_codes import looks_like_token, needs_touch, token_digest, token_new

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_tokens_are_random_recognisable_and_hashed_to_64_hex_digits():
    first, second = token_new(), token_new()
    assert first != second
    assert first.startswith("mc_") and len(first) > 40
    assert looks_like_token(first)
    assert not looks_like_token("1:abc:def")
    assert len(token_digest(first)) == 64 and first not in token_digest(first)


def test_last_use_is_written_at_most_once_a_minute():
    assert needs_touch(None, T0)
    assert not needs_touch(T0, T0 + timedelta(seconds=59))
    assert needs_touch(T0, T0 + timedelta(minutes=1))
