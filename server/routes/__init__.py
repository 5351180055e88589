"""The center server's routes, one FastAPI router per audience, assembled in server.app.

* :mod:`server.routes.kiosk`: what kiosks call (enrol, send events, poll updates, catalog);
* :mod:`server.routes.updates`: the kiosks' update socket;
* :mod:`server.routes.staff`: the staff API under ``/staff``.

What they share (error answers, the database session, the process's
:class:`server.center.Center`) is in :mod:`server.routes.common`.
"""
