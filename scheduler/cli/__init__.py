"""The command line: `scheduler check | solve | verify | outreach | generate | history | report |
publish | purge`."""
