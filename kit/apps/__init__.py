"""Entry points the notebooks and the CLI call: build an app, or serve them all."""
