"""What people read: the output tables, ward notices, calendars, the workbook, the call sheet and
the report for the leadership."""
