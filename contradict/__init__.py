"""contradict: where news outlets agree and where they conflict, claim by claim."""

__version__ = "0.1.0"
