"""Incident outreach: planning the contacts after a serious incident and writing outreach.csv and
the invitations."""
