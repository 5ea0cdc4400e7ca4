"""Stand-ins for Redis and a Celery broker inside this process, so that nothing must be running.

The settings name these classes by their dotted paths; nothing here runs until a cache or a
broker connection is first made.
"""

import fakeredis
import redis
from kombu.transport import memory

# One server per process, shared by every thread: with a server per connection, threads racing
# on their first connection would each get an empty one, and cached values would vanish.
FAKE_REDIS = fakeredis.FakeServer()


class FakeRedisPool(redis.ConnectionPool):
    """A Redis connection pool whose connections all reach this process's fake server."""

    def __init__(self, **options):
        options |= {"connection_class": fakeredis.FakeRedisConnection, "server": FAKE_REDIS}
        super().__init__(**options)


class InProcessTransport(memory.Transport):
    """kombu's memory transport, polling in short waits so that a worker stops at once."""

    max_wait = 0.1

    def drain_events(self, connection, timeout=None):
        return super().drain_events(
            connection, timeout=min(timeout or self.max_wait, self.max_wait)
        )
