"""The QBR deck: a plan as slides, from the layouts of the organisation's own PowerPoint template."""
