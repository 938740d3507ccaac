"""``python -m framing`` is the ``framing`` command."""

from .cli import main

raise SystemExit(main())
