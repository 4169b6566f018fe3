import logging
import os
import sys

from ctcstudy.cli import main

code = main()  # a refusal or a crash is reported (and its log written) inside main
# The command leaves without the interpreter's clean-up: every output is written and closed by
# now, and tearing down great-expectations' or pandas' modules costs up to half a second on every
# build's critical path.
logging.shutdown()
sys.stdout.flush(), sys.stderr.flush()
os._exit(code)
