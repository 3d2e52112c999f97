"""The `boilerplate` command: one Typer app, one module per command, each a thin layer over the API."""
