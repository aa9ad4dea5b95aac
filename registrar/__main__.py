"""Allow `python -m registrar`."""

import sys

from .cli import main

sys.exit(main())
