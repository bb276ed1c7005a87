"""Table models for the pages: each pages its rows and exposes a row-object role."""
