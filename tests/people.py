"""The 站长 and 联络员 a command-line setup must name (the wizard's rule), for tests that set up."""

SETUP_PEOPLE = ("--head", "李明", "--clerk", "王芳")
