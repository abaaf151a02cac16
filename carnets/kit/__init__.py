"""The drive kit (issue 15): prepare a drive package, work a drive offline, sync it back.

`package` is the file format (signature and passphrase encryption), `build` makes a package at
headquarters, `load` puts one into a kit's own database, `sync` pushes the kit's work back and
imports it, `wipe` removes the kit's personal data after a complete sync.
"""
