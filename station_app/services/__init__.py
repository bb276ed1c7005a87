"""services."""

from station_app.domain import fieldcheck


def _missing_characters(text: str) -> set[str]:
    # Imported on first use: the fonts bring reportlab, which the first window does not need.
    from station_app.documents.fonts import missing_characters

    return missing_characters(text)


# Every text a clerk types is checked for characters no print face has (domain.fieldcheck).
fieldcheck.check_printable_with(_missing_characters)
