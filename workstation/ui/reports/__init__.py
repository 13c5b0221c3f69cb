"""The lead's reports on screen."""
