import sys

from trail_lint.cli import main

sys.exit(main())
