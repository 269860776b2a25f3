"""Allow ``python -m metricsmith``."""

from metricsmith.cli import main

raise SystemExit(main())
