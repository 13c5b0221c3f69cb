"""The Inquiry Queue's screens: the queue table, one window per inquiry, logging a contact."""
