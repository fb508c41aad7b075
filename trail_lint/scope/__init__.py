"""Accounts, Regions, partitions and ARNs: the one place that knows them.

- ``names``: the spelling of account, organization, root and OU IDs and of Region names,
  trail-lint's dated list of Regions, the partition of a Region and its DNS suffix.
- ``arns``: the fields of an ARN (``arn:partition:service:region:account:resource``), the
  placeholders samples write in them, and the ARNs of a trail, a log group and a principal.
- ``trail_scope``: a trail's account scope (model.Scope): which account and Region it is in, as
  far as the inputs tie them. The inventory sets it on every trail when it is built; ``scope_of``
  also answers for a trail built without an inventory (tests, single objects). And which trails
  record an account and a Region (``covers_account``, ``covers_region``).
- ``placement``: the trails of a run grouped by account scope once (``Placement``), so that the
  rules comparing trails ask for the trails of an account instead of testing every trail against
  every account; the run's account scopes and their Regions.
- ``regional``: the trails of a run grouped by the Regions they record (``Regional``, ``Reach``).
- ``absence``: where a missing trail is a finding (describe-trails listings, configured Regions).
- ``home``: a trail read at a shadow copy, and trails whose home Region nothing says.
"""
