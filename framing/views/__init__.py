"""What a reader sees: the report, notebook views, charts and highlighted text."""
