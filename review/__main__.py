"""`python -m review PLAN.json...`: see review.cli."""

import sys

from review.cli import main

sys.exit(main())
