"""Batch: a book of accounts rendered in isolated workers or on Dask, incrementally, with progress and a report."""
