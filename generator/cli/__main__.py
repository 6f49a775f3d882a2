# `python -m generator.cli` runs what `python -m generator` runs.
import runpy

runpy.run_module("generator", run_name="__main__", alter_sys=True)
