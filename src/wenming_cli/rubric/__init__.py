"""Rubric and unit-plan loading: YAML with marks → validated models."""
