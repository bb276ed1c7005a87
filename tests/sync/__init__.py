"""Tests of station_app.sync."""
