"""stub"""

DOCS = {}
