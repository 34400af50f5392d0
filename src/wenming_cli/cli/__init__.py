"""The command line: thin typer commands over the typed core."""
