"""framing lexicons: curated TSV files (see README.md in this folder). Loaded with importlib.resources."""
