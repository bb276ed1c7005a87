"""services."""

# Every text a clerk types is checked for characters no print face has (domain.fieldcheck): the
# check lives with the fonts, and importing them installs it.
from station_app.documents import fonts as _fonts  # noqa: F401
