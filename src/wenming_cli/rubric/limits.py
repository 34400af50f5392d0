"""Bounds on the YAML files wenming reads (rubrics, unit plans), shared by the loader and the caches."""

MAX_BYTES = 5_000_000  # a rubric is ~100 kB; anything this large is not one
