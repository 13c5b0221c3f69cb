"""Mail Sort's pieces: the tray bar, the envelope form and its lines, the live balance."""
