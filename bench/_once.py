"""The participants of a meeting vote or answer once each (bench/loadtest_ballots.py, loadtest_surveys.py):
a mixin for their locust users that counts the users still at work and ends the run with the last one."""
from __future__ import annotations

import gevent
from locust.exception import StopUser


class OnceEach:
    active = 0  # users of this class still at work in this process

    def on_start(self) -> None:
        type(self).active += 1

    def done(self) -> None:
        """No code left for this user: it stops; the last one ends the run (nothing is in flight then, so
        the database can be compared with what locust counted), a little later so that locust's CSV writer
        (every second) has written the last requests."""
        type(self).active -= 1
        if type(self).active == 0:
            gevent.spawn_later(3, self.environment.runner.quit)
        raise StopUser
