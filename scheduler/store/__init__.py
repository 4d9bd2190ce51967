"""The store: publications, drafts and the audit log; incidents; history; what is deleted when; and
the checks a store passes before it is read."""
