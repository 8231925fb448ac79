import sys

from diagrams.cli import main

sys.exit(main())
