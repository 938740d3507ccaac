"""Commands of ``framing`` beyond ingest/score/evaluate/lexicons, one module per command.

Each module defines ``add_command(sub)``, which adds its parser to the ``framing`` sub-parsers
and sets ``func`` to a function ``(args) -> exit code``. The shared input and output options
and the article reader are in :mod:`framing.cli` (``add_input_args``, ``add_output_args``,
``input_articles``, ``progress``). Exit codes: 0 success, 1 some input failed, 2 usage.
"""
