"""Readers and writers: the only part of the library that parses files."""
