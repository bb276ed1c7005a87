"""Form dialogs used by the pages."""
