"""有事来协商 · 乡镇政协工作联络站."""

__version__ = "0.1.0"
APP_NAME = "station-app"
APP_TITLE = "有事来协商 · 政协工作联络站"
