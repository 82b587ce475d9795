"""The one ballot box of every secret ballot (docs/secret-ballot.md).

``crypto`` is the pure cryptography; ``recount`` verifies an exported ballot box from files.
"""
