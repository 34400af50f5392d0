"""wenming: check a unit's evidence against its city's civilized-unit rubric."""

__version__ = "0.1.0"
