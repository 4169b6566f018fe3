"""One module per raw format: each reads what a tool actually writes into a frame, or refuses in one line."""
