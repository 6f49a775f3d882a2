"""Inputs: YAML with locations, strict models, plain-word validation, loading, CSV accounts and the use-case map."""
