"""Finding topics about the same concrete problem, written in different words (no Qt, no database)."""
