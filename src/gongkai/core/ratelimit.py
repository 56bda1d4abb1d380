"""A small fixed-window rate limiter on Django's cache: the database cache (settings.CACHES),
so every web process and machine counts together (tests/test_ratelimit_shared.py)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, ident: str) -> str:
    return "gk-rl:" + scope + ":" + hashlib.sha256(ident.encode()).hexdigest()[:32]


def hit(scope: str, ident: str, *, limit: int, window_s: int) -> bool:
    """Count one attempt; True while the attempts in the window are within ``limit``."""
    key = _key(scope, ident)
    if cache.add(key, 1, window_s):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window_s)
        return True
    return count <= limit


def blocked(scope: str, ident: str, *, limit: int) -> bool:
    """Has ``ident`` already used up its attempts (without counting a new one)?"""
    return int(cache.get(_key(scope, ident), 0)) >= limit


def reset(scope: str, ident: str) -> None:
    cache.delete(_key(scope, ident))
