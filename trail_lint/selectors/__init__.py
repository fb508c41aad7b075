"""selectors: event-selector semantics (what a trail records); see docs/ARCHITECTURE.md.

``recording`` reads what a trail records; ``accepted`` what the API accepts; ``compare`` how data
scopes are compared; ``unknown_values`` selectors holding values not known offline; ``undecided``
the TL002 when what a trail records cannot be settled; ``copies`` the trails that copy an
account's management events.
"""
