"""The window program: the only package that imports PySide6."""
