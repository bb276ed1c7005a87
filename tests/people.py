"""The 站长 and 联络员 a command-line setup must name (the wizard's rule), for tests that set up."""

SETUP_PEOPLE = ("--head", "李明", "--clerk", "王芳")
# Whole command lines: a 大佛街道 station, and the 市中区 county office.
STATION_SETUP = ("setup", *SETUP_PEOPLE, "--township-code", "511102004")
COUNTY_SETUP = ("setup", *SETUP_PEOPLE, "--role", "county", "--county-code", "511102")
