"""Entry point of the Docker action: run the registrar and exit with its code."""

import sys

from registrar.main import main

if __name__ == "__main__":
    sys.exit(main())
