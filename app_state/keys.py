"""Names of the values kept in ``st.session_state`` (plain values, except the plan itself)."""

FILES = "files"  # {"turnus": [{name, data}], "supporters": {name, data} | None, "wards": ..., ...}
COLUMN_MAPS = "column_maps"  # {file name: {header: field}}
CODE_MAPS = "code_maps"  # {code: {"like": code} | {"kind", "start", "end"}}
RULES_EDIT = "rules_edit"  # Rules as a JSON-able dict, or absent (use the rules file)
SUPPORTER_UPDATES = "supporter_updates"  # {sid: {"recent_activity": int, "unavailable": [ISO dates]}}
PINS = "pins"  # [{"supporter_id", "date", "slot", "action"}]
JOB = "plan_job"
PLAN = "plan"  # the finished Plan of this session (the draft)
PLAN_META = "plan_meta"  # {"rules_json", "checksums", "finished_at", "previous": bool, "pins": int}
VIEW = "view_source"  # "draft" or "pub:<id>"
VIEW_PENDING = "_view_pending"  # a view chosen by a page, applied before the sidebar selectbox draws
LANG = "lang"

# Caches of derived objects, keyed by a digest of what they were made from.
INPUTS_CACHE = "_inputs_cache"
INSTANCE_CACHE = "_instance_cache"
PUBLICATION_CACHE = "_pub_cache"
