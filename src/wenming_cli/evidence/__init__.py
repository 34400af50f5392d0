"""The evidence folder: its layout, the scan that reads it once, and captions."""
