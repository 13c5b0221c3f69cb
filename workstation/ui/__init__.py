"""The desktop shell: the only package that imports PySide6 (DESIGN.md section 2).

Screens call ``workstation.services`` through the one database worker (``tasks.TaskRunner``)
and hold the frozen DTOs those services return, never a session or an ORM object.
"""
