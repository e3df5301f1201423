"""The user side of briefing: the command line and the Textual browser."""
