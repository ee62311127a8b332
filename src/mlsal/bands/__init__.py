"""The bands file: reading it (files, loader), its YAML (safe_yaml), its models (models), the
checks that make it valid (schema), the snapshot of the bundled file and the validated cache
of users' files (snapshot, cache, codec), and the names a person may type for its countries
and factors (names).

Imports run one way: models and names need nothing else here; schema reads YAML and checks
models; the loader uses the snapshot, the cache or the schema. Nothing in this package knows
about pay, records, rendering or the CLI.
"""
