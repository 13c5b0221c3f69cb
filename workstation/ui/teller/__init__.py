"""Teller Drawer's pieces: the count widget, the receipt form, the open-drawer panel, the blind
count and its result, the void / drop dialogs with a lead signing in, the lead's sign-off and
close of day, the papers written to the print folder, and the Qt item models over the DTOs."""
