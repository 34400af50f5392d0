"""`wenming import`: from a department's raw dump to the evidence folder.

sources (folder or zip, junk) → facts (dates, words) → grouping into activities → matching to standards
and tasks → a plan the clerk edits (CSV) → apply (copy, never move; drafted captions).
"""
