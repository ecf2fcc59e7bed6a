"""Rate limits that cost one counter per client and window, whatever the rate.

DRF's throttles keep each client's list of request times in the cache and read, prune and write it
back whole on every request: at a rate of a few thousand a minute that list made a fifth of the time
of a short list's request, and two concurrent workers can each write back a list missing the other's
request. Here each client has a counter per fixed window, created with ``add`` and raised with
``incr``, which shared caches (Redis, Memcached) do atomically. A fixed window lets a client spend a
window's allowance at its end and the next at the start of the next: at most twice the rate over
one window, the usual price of counting this way.
"""

from rest_framework import throttling
from rest_framework.throttling import SimpleRateThrottle


class FixedWindowRateThrottle(SimpleRateThrottle):
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        key = f"{self.key}:{window}"
        self.cache.add(key, 0, self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # expired between add() and incr()
            self.cache.set(key, 1, self.duration + 1)
            count = 1
        return count <= self.num_requests

    def wait(self):
        """Seconds until the window ends, for the Retry-After header."""
        return max(0.0, self.window_ends - self.now)


class AnonRateThrottle(FixedWindowRateThrottle, throttling.AnonRateThrottle):
    """Anonymous clients, by address (``anon`` rate): DRF's key, counted in fixed windows."""


class UserRateThrottle(FixedWindowRateThrottle):
    """Authenticated users, by id (``user`` rate); anonymous clients are the anonymous throttle's."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
