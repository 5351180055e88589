"""Start the community elder-care kiosk: ``python main.py --demo`` (see ``--help``).

The program is :mod:`kiosk_main`, stage by stage. This file stays this small because Python
parses a script run by name again at every start, while a module it imports is loaded from
its kept bytecode: about 3 ms of the start-up on the reference machine.
"""

import time

STARTED_AT = time.perf_counter()

import sys  # noqa: E402 - the clock starts before anything else is imported

import kiosk_main  # noqa: E402

if __name__ == "__main__":
    kiosk_main.STARTED_AT = STARTED_AT  # the time to the first frame counts from here
    sys.exit(kiosk_main.main())
