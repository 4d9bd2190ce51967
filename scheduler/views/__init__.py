"""What only the app's pages need from the library: hand-made fixes, code meanings, edits, locks,
the change list, the burden and week views, downloads."""
