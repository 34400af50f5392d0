"""`wenming pack`: the material that is due, named by the rubric's template, with its sheet and manifest."""
