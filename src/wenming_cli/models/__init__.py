"""Typed, frozen models: rubric, unit plan, finding."""
