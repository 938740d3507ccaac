"""Where scoring runs: local processes or a Dask cluster, with identical output."""
