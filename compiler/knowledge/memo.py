"""Compile matchers once per loaded schema object (frozen models hold lists: not hashable)."""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

T = TypeVar("T")


def per_object(build: Callable[..., T]) -> Callable[..., T]:
    """Cache `build(*objs)` by the identity of its arguments, keeping them alive so that an id
    is never reused by another object while its entry exists."""
    cache: dict[tuple[int, ...], tuple[tuple, T]] = {}

    @functools.wraps(build)
    def get(*objs) -> T:
        key = tuple(id(o) for o in objs)
        hit = cache.get(key)
        if hit is None or any(a is not b for a, b in zip(hit[0], objs)):
            hit = cache[key] = (objs, build(*objs))
        return hit[1]

    return get
