"""USB sync packages: format (FORMAT.md), signing and encryption, safe writing to a stick.

Nothing here touches the database, Qt or the network; records travel as plain data.
"""
