"""Names of the values kept in ``st.session_state`` (plain values, except the plan itself)."""

FILES = "files"  # {"turnus": [{name, data}], "supporters": {name, data} | None, "wards": ..., ...}
FILES_VERSION = "files_version"  # bumped by every change of FILES (app_state.uploads)
UPLOADER_GENERATION = "uploader_generation"  # {kind: n}: a new n gives an empty file chooser
COLUMN_MAPS = "column_maps"  # {file name: {header: field}}
CODE_MAPS = "code_maps"  # {code: {"like": code} | {"kind", "start", "end"}}
RULES_EDIT = "rules_edit"  # Rules as a JSON-able dict, or absent (use the rules file)
SUPPORTER_UPDATES = "supporter_updates"  # {sid: {"recent_activity": int, "unavailable": [ISO dates]}}
PINS = "pins"  # [{"supporter_id", "date", "slot", "action"}]
DRAFT_ID = "draft_id"  # the draft this session works on (scheduler.store.drafts; in the page address)
DRAFT_SAVED = "_draft_saved"  # what was last saved, to save only changes
DRAFT_READ_ONLY = "_draft_read_only"  # the owner of the draft shown, when it is someone else's (coordinator)
DRAFT_VERSION = "_draft_version"  # the draft's version this session last read or saved (drafts.VERSION)
DRAFT_CONFLICT = "_draft_conflict"  # another tab saved the draft since: nothing is saved until the person chooses
DRAFT_BASELINE = "_draft_baseline"  # the snapshot of a session before its person did anything (no draft for it)
DRAFT_REFUSED = "_draft_refused"  # the address named a draft this person may not open
PLAN_STARTED = "plan_started"  # the token of the last plan started for this draft
PLAN = "plan"  # the finished Plan of this session (the draft), while the server runs
STORED_PLAN = "stored_plan"  # the draft's last plan as kept in the store (after a reload or restart)
PLAN_META = "plan_meta"  # {"rules_json", "checksums", "finished_at", "inputs_key", "baseline", ...}
COLLECTED = "_collected_job"  # the job token whose plan this session has taken
VIEW = "view_source"  # "draft", "in_force" or "pub:<id>"
VIEW_PENDING = "_view_pending"  # a view chosen by a page, applied before the sidebar selectbox draws
LANG = "lang"
ACCESS_RECORDED = "_access_recorded"  # (user, role file digest, roles) last written to the audit log
CALL_WARD = "call_ward"  # the ward chosen on the "who do I call now?" page
CALL_WARD_SAVED = "_call_ward_saved"  # the ward last remembered in the store for this person (saved on change)
COVERAGE_WARD = "coverage_ward"  # the ward chosen on the coverage page (its selectbox)
PUBLISHED_PLANS = "published_plans"  # {plan job or finish time: publication id} published in this session
HISTORY_IMPORTED = "history_imported"  # the number of the history import just saved, confirmed on the page
DRAFT_CHECKED = "_draft_checked"  # the page address was looked at for a draft to restore (once per session)
MENU_PAGE = "_menu_page"  # the page shown last (a change closes the menu on a narrow screen)
MENU_CLOSES = "_menu_closes"  # how often the menu was closed after a page change (makes each close a new element)
RETURN_LINK = "_return_link"  # the page kept across sign-in: "take" (opened, cookie to clear), "done"
SAMPLE_LOADED = "sample_loaded_once"  # `make run`: the bundled sample was offered to this session once

# The data editors' own state (their edits until applied); dropped to start them afresh.
CODES_EDITOR = "codes_editor"  # the shift codes' editor on the upload page
SUPPORTERS_EDITOR = "supporters_editor"  # the supporters' editor on the upload page
FOLLOWUP_EDITOR = "followup_editor"  # the follow-up editor (recent activity, unavailable dates) on the burden page

# Caches of derived objects, keyed by a digest of what they were made from.
INPUTS_CACHE = "_inputs_cache"
INSTANCE_CACHE = "_instance_cache"
READ_PARTS = "_read_parts"  # {role: (key, what reading that file gave)}: each file read once (app_state/read_parts.py)
CODE_EFFECT_CACHE = "_code_effect_cache"  # (key, (demand, availability)): counted with the codes as read
INPUTS_KEY_CACHE = "_inputs_key_cache"
PUBLICATION_CACHE = "_pub_cache"
STORED_VIEW_CACHE = "_stored_view_cache"
WHATIF_RESULT = "_whatif_result"  # (inputs key, the sweep, seconds) of the last "where to train" analysis
REPORT_PDF = "_report_pdf"  # (what it was made from, the leadership report as PDF or None)
