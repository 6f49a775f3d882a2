"""Use-case maturation playbook generator: library and playbooks in, roadmap and charter out."""

__version__ = "0.1.0"
