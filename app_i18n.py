"""Every text the app shows, in Norwegian bokmål (default) and English, behind one `t(key)`.

Pages never hard-code a label: they call ``t("key", **values)``. The language lives in
``st.session_state["lang"]`` (the sidebar toggle). A missing key shows as ``⟨key⟩`` so it is seen,
never crashes; tests assert every key has both languages.
"""

from __future__ import annotations

import streamlit as st

from scheduler.localtime import shown

LANGUAGES = {"no": "Norsk", "en": "English"}

# Why each rule exists, in one line — from the background documents (Ukom 2023, the HR guide):
# paid protected time, a supporter who is not a close colleague or manager, a burdensome role
# whose load must be limited and shared, current training, and nothing but counts recorded.
TEXTS: dict[str, tuple[str, str]] = {
    # navigation and sidebar
    "nav_section": ("Kollegastøtte – vaktplan", "Peer support – duty rota"),
    "page_upload": ("Last opp turnus", "Upload rosters"),
    "page_rules": ("Regler", "Rules"),
    "page_plan": ("Planlegg", "Plan"),
    "page_coverage": ("Dekning (ledere)", "Coverage (managers)"),
    "page_burden": ("Belastning (koordinator)", "Burden (coordinator)"),
    "page_export": ("Eksport", "Export"),
    "page_publish": ("Publiser", "Publish"),
    "view_source": ("Vis vaktplan", "Show rota"),
    "view_source_help": ("Utkastet fra denne økta, eller en publisert vaktplan (lagret, ser alle brukere).",
                         "This session's draft, or a published rota (stored, seen by every user)."),
    "view_draft": ("Utkast (ikke publisert)", "Draft (not published)"),
    "view_published": ("Publisert nr. {id}", "Published no. {id}"),
    "no_rota_yet": ("Ingen vaktplan ennå: lag en på «Planlegg», eller publiser en.",
                    "No rota yet: make one on «Plan», or publish one."),
    "sidebar_solving": ("Løseren arbeider …", "The solver is working …"),
    "yes": ("ja", "yes"),
    "no": ("nei", "no"),
    "details": ("Detaljer", "Details"),
    "default": ("Standard", "Default"),
    "unlimited": ("ubegrenset", "unlimited"),
    # upload
    "upload_title": ("Last opp turnus og kollegastøtter", "Upload rosters and supporters"),
    "upload_intro": ("Last opp turnuseksportene (CSV eller Excel, gjerne flere på en gang), lista over kollegastøtter, "
                     "og om du vil postfil, vaktkoder og regler. Hver fil får en leserapport med fil, rad og kolonne "
                     "for alt som må rettes.",
                     "Upload the roster exports (CSV or Excel, several at once), the list of peer supporters, and "
                     "optionally wards, shift codes and rules. Each file gets a reading report naming file, row and "
                     "column for anything to fix."),
    "sample_button": ("Prøv med eksempeldata", "Try with sample data"),
    "sample_help": ("Laster det fiktive eksempelsykehuset i data/ (12 poster, 8 uker).",
                    "Loads the fictional sample hospital in data/ (12 wards, 8 weeks)."),
    "sample_messy_button": ("Eksempel: rotete eksporter", "Sample: messy exports"),
    "sample_messy_help": ("Samme turnus som ekte systemer skriver den: én fil per post, semikolon, Windows-1252, Excel.",
                          "The same roster as real systems write it: one file per ward, semicolons, Windows-1252, Excel."),
    "clear_files": ("Fjern alle filer", "Remove all files"),
    "files_title": ("Filer", "Files"),
    "upload_turnus": ("Turnusfiler (én eller flere)", "Roster files (one or more)"),
    "upload_turnus_help": ("Lang eller bred form. Heter filen turnus_<post>.csv, brukes <post> som post for alle rader.",
                           "Long or wide form. A file named turnus_<ward>.csv gives <ward> to every row."),
    "upload_supporters": ("Kollegastøtter (supporters.csv)", "Peer supporters (supporters.csv)"),
    "upload_wards": ("Poster (valgfri)", "Wards (optional)"),
    "upload_shift_codes": ("Vaktkoder (valgfri)", "Shift codes (optional)"),
    "upload_rules": ("Regler, rules.toml (valgfri)", "Rules, rules.toml (optional)"),
    "need_files": ("Last opp minst én turnusfil og lista over kollegastøtter — eller trykk «Prøv med eksempeldata».",
                   "Upload at least one roster file and the supporters list — or press «Try with sample data»."),
    "have_files": ("Lastet: {n} turnusfil(er); kollegastøtteliste: {supporters}.",
                   "Loaded: {n} roster file(s); supporters list: {supporters}."),
    "reading": ("Leser filene …", "Reading the files …"),
    "reports_title": ("Leserapporter", "Reading reports"),
    "reports_summary": ("{files} filer · {rows} turnusrader · {employees} ansatte · {supporters} kollegastøtter · {errors} feil",
                        "{files} files · {rows} roster rows · {employees} employees · {supporters} supporters · {errors} errors"),
    "report_counts": ("{errors} feil, {warnings} advarsler, {rows} rader", "{errors} errors, {warnings} warnings, {rows} rows"),
    "kind_turnus": ("turnus", "roster"),
    "kind_supporters": ("kollegastøtter", "supporters"),
    "kind_wards": ("poster", "wards"),
    "kind_shift_codes": ("vaktkoder", "shift codes"),
    "kind_rules": ("regler", "rules"),
    "kind_staff": ("ansattregister", "staff register"),
    "kind_pins": ("låste vakter", "pins"),
    "fact_layout": ("format", "layout"),
    "fact_encoding": ("tegnsett", "encoding"),
    "fact_delimiter": ("skilletegn", "delimiter"),
    "fact_rows": ("rader lest", "rows read"),
    "fact_skipped": ("hoppet over", "skipped"),
    "fact_employees": ("ansatte", "employees"),
    "fact_dates": ("datoer", "dates"),
    "fact_ward": ("post fra filnavnet", "ward from the file name"),
    "columns_read": ("Kolonner", "Columns"),
    "codes_seen": ("Vaktkoder", "Shift codes"),
    "no_messages": ("Ingen meldinger.", "No messages."),
    "col_severity": ("Alvor", "Severity"),
    "col_where": ("Hvor", "Where"),
    "col_message": ("Melding", "Message"),
    "col_fix": ("Slik retter du det", "How to fix"),
    "col_raw": ("Teksten i filen", "Text in the file"),
    "sev_error": ("feil", "error"),
    "sev_warning": ("advarsel", "warning"),
    "sev_info": ("info", "info"),
    "map_columns": ("Ukjente kolonner – koble dem for hånd", "Unknown columns – map them by hand"),
    "map_columns_help": ("Velg hvilket felt hver kolonne er; filen leses på nytt med koblingen.",
                         "Choose which field each column is; the file is read again with the mapping."),
    "ignore_column": ("— ikke bruk —", "— do not use —"),
    "apply_mapping": ("Bruk kolonnekoblingen", "Apply column mapping"),
    "unknown_codes_title": ("Ukjente vaktkoder", "Unknown shift codes"),
    "unknown_codes_help": ("Koder som ikke står i vaktkodetabellen regnes som «ikke på jobb». Si hva de betyr: som en kjent "
                           "kode, eller som type med tider (07:30, 15:30).",
                           "Codes missing from the shift-code table count as «not at work». Say what they mean: like a "
                           "known code, or as a kind with times (07:30, 15:30)."),
    "col_code": ("Kode", "Code"),
    "col_count": ("Antall", "Count"),
    "col_like": ("Som kode", "Like code"),
    "col_like_help": ("Bruk tidene og typen til en kjent kode", "Use a known code's times and kind"),
    "col_kind": ("Type", "Kind"),
    "col_start": ("Start", "Start"),
    "col_end": ("Slutt", "End"),
    "apply_codes": ("Bruk vaktkodene", "Apply shift codes"),
    "supporters_title": ("Kollegastøtter", "Peer supporters"),
    "supporters_help": ("Rett direkte i tabellen (tomt = regelens standard), og trykk «Bruk endringene».",
                        "Edit in the table (blank = the rule's default), then press «Apply changes»."),
    "apply_supporters": ("Bruk endringene", "Apply changes"),
    "col_employee_id": ("Ansattnr.", "Employee id"),
    "col_name": ("Navn", "Name"),
    "col_max_week": ("Maks vakter/uke", "Max duties/week"),
    "col_max_period": ("Maks vakter i perioden", "Max duties/period"),
    "col_max_nights": ("Maks netter i perioden", "Max nights/period"),
    "col_protected_hours": ("Beskyttet tid t/uke", "Protected hours/week"),
    "col_training": ("Opplæring gyldig til", "Training valid until"),
    "col_leads": ("Leder poster", "Leads wards"),
    "col_unavailable": ("Utilgjengelig", "Unavailable"),
    "col_recent_activity": ("Samtaler siste periode (antall)", "Conversations last period (count)"),
    "counts_only": ("Bare et antall. Ingenting om hva som ble sagt.", "A count only. Nothing about what was said."),
    "errors_but_can_plan": ("{n} feil i filene: radene det gjelder er hoppet over. Du kan planlegge likevel.",
                            "{n} errors in the files: those rows were skipped. You can still plan."),
    "next_rules": ("Videre: se reglene", "Next: check the rules"),
    "next_plan": ("Videre: lag vaktplanen", "Next: make the rota"),
    "go_upload": ("Til opplasting", "Go to upload"),
    "go_plan": ("Til planlegging", "Go to planning"),
    # rules
    "rules_title": ("Regler", "Rules"),
    "rules_intro": ("Hver regel med standardverdi og hvorfor den finnes. Endringer gjelder neste planlegging.",
                    "Every rule with its default and why it exists. Changes apply to the next plan."),
    "rules_edited": ("Du har endret reglene; de endrede reglene brukes.", "You changed the rules; the edited rules are used."),
    "rules_from_file": ("Reglene kommer fra den opplastede regelfilen.", "The rules come from the uploaded rules file."),
    "rules_defaults_used": ("Ingen regelfil: standardreglene brukes.", "No rules file: the default rules are used."),
    "rules_slots": ("Støttevakter hver dag", "Support slots each day"),
    "rules_who": ("Hvem kan dekke hvem", "Who may cover whom"),
    "rules_limits": ("Grenser for belastning", "Load limits"),
    "rules_horizon": ("Periode og løser", "Period and solver"),
    "rules_apply": ("Bruk reglene", "Apply rules"),
    "rules_reset": ("Tilbakestill til regelfilen", "Reset to the rules file"),
    "rules_saved": ("Reglene er lagret for neste planlegging.", "Rules saved for the next plan."),
    "rules_invalid": ("Reglene kan ikke brukes: {error}", "The rules cannot be used: {error}"),
    "col_slot_name": ("Navn", "Name"),
    "col_slot_kind": ("Type", "Kind"),
    "col_duty_hours": ("Timer støttearbeid per vakt", "Support hours per duty"),
    "why_slots": ("Hver ward-vakt skal ha en navngitt kollegastøtte å ringe. En vakt over midnatt hører til datoen den "
                  "starter.",
                  "Every ward shift gets a named supporter to call. A slot past midnight belongs to the date it starts."),
    "why_duty_hours": ("Forventet støttearbeid per vakt; trekkes fra den beskyttede tiden.",
                       "Expected support work per duty; taken from the protected time."),
    "rule_min_overlap": ("Minste overlapp med vakta", "Minimum overlap with the slot"),
    "why_min_overlap": ("Kollegastøtten må være på jobb det meste av vakta — ellers er ingen der når noen ringer.",
                        "The supporter must be at work for most of the slot — otherwise nobody is there when someone calls."),
    "rule_separation": ("Støtte fra annen", "Support from another"),
    "sep_ward": ("post", "ward"),
    "sep_department": ("avdeling", "department"),
    "why_separation": ("Det er lettere å snakke med en som ikke er nær kollega eller leder, så støtten kommer fra en annen "
                       "post (eller avdeling).",
                       "It is easier to talk to someone who is not a close colleague or manager, so support comes from "
                       "another ward (or department)."),
    "rule_same_site": ("Bare samme sykehus", "Same site only"),
    "why_same_site": ("Med flere sykehus: bare kollegastøtter på samme sted, så de kan møte den som trenger det.",
                      "With several sites: only supporters at the same site, so they can meet the person in need."),
    "rule_redundancy": ("Reserve", "Backup"),
    "redundancy_1": ("én kollegastøtte", "one supporter"),
    "redundancy_2": ("også en reserve", "also a backup"),
    "why_redundancy": ("Med reserve er det alltid noen å ringe, også når den første er opptatt i en samtale.",
                       "With a backup there is always someone to call, even when the first is busy in a conversation."),
    "rule_max_on_duty_per_ward": ("Maks på vakt fra samme post samtidig", "Max on duty from one ward at once"),
    "why_max_on_duty_per_ward": ("Høyst én kollegastøtte fra en post på vakt samtidig, så ingen post mister to personer "
                                 "til støttearbeid.",
                                 "At most one supporter from a ward on duty at a time, so no ward loses two people to "
                                 "support work."),
    "rule_max_wards_per_duty": ("Maks poster per vakt", "Max wards per duty"),
    "why_max_wards_per_duty": ("Hvor mange poster én kollegastøtte dekker på én vakt (tomt = ubegrenset): færre poster gir "
                               "mindre å bære på én vakt.",
                               "How many wards one supporter covers in one duty (blank = unlimited): fewer wards, less to "
                               "carry in one duty."),
    "rule_max_duties_per_day": ("Maks støttevakter per dag", "Max duties per day"),
    "why_max_duties_per_day": ("Det er belastende å være kollegastøtte; én støttevakt per dag holder belastningen nede.",
                               "Being a supporter is burdensome; one duty a day keeps the load down."),
    "rule_max_duties_per_week": ("Maks støttevakter per uke", "Max duties per week"),
    "why_max_duties_per_week": ("Belastningen skal begrenses og følges opp; kan settes lavere per person i lista.",
                                "The load must be limited and followed up; can be set lower per person in the list."),
    "rule_max_consecutive_days": ("Maks dager på rad med støttevakt", "Max days in a row on duty"),
    "why_max_consecutive_days": ("Pauser mellom støttevaktene, så ingen bærer mange tunge dager på rad.",
                                 "Breaks between duties, so nobody carries many heavy days in a row."),
    "rule_max_duties_per_period": ("Maks støttevakter i perioden", "Max duties per period"),
    "why_max_duties_per_period": ("Et tak over hele perioden (tomt = ubegrenset), for oppfølging av belastningen over tid.",
                                  "A cap over the whole period (blank = unlimited), to follow the load over time."),
    "rule_max_nights_per_period": ("Maks nattevakter i perioden", "Max nights per period"),
    "why_max_nights_per_period": ("Nattestøtte er tyngst; begrens antall netter (tomt = ubegrenset).",
                                  "Night support is the heaviest; limit the nights (blank = unlimited)."),
    "rule_protected_hours_per_week": ("Beskyttet tid per uke (timer)", "Protected hours per week"),
    "why_protected_hours_per_week": ("Støttearbeid skjer i betalt, beskyttet arbeidstid – ikke dugnad; vaktene bruker av "
                                     "denne tiden (tomt = ubegrenset).",
                                     "Support work happens in paid, protected working time – never volunteering; duties "
                                     "use this time (blank = unlimited)."),
    "rule_activity_weight": ("Vekt for nylige samtaler", "Weight of recent conversations"),
    "why_activity_weight": ("Den som nylig har hatt mange samtaler får lavere rettferdig andel. Bare antall, aldri innhold.",
                            "Someone with many recent conversations gets a lower fair share. Counts only, never content."),
    "rule_horizon_start": ("Planlegg fra", "Plan from"),
    "why_horizon_start": ("Første dato som planlegges (tomt = første dato i turnus).",
                          "First date planned (blank = the roster's first date)."),
    "rule_horizon_end": ("Planlegg til", "Plan to"),
    "why_horizon_end": ("Siste dato som planlegges (tomt = siste dato i turnus).",
                        "Last date planned (blank = the roster's last date)."),
    "rule_night_shift_date": ("Nattevakt føres på", "Night shift dated on"),
    "night_start": ("dagen den starter", "the day it starts"),
    "night_most_hours": ("dagen med flest timer", "the day with more hours"),
    "why_night_shift_date": ("Som turnussystemet skriver nattevakter; feil valg flytter nettene én dag.",
                             "As the roster system dates night shifts; the wrong choice moves nights by a day."),
    "rule_workers": ("Løsertråder", "Solver workers"),
    "why_workers": ("Én tråd er raskest og forutsigbar på små maskiner; tidsgrensen settes på «Planlegg».",
                    "One worker is fastest and repeatable on small machines; the time limit is set on «Plan»."),
    # plan
    "plan_title": ("Lag vaktplanen", "Make the rota"),
    "plan_intro": ("Optimereren dekker flest mulig post-vakter innenfor reglene, og fordeler deretter belastningen "
                   "rettferdig. Siden fryser ikke mens den regner, og du kan stoppe og beholde beste plan så langt.",
                   "The optimiser covers as many ward-slots as the rules allow, then shares the load fairly. The page "
                   "does not freeze while it works, and you can stop and keep the best rota so far."),
    "metric_wards": ("Poster", "Wards"),
    "metric_supporters": ("Kollegastøtter", "Supporters"),
    "metric_ward_slots": ("Post-vakter", "Ward-slots"),
    "metric_dates": ("Periode", "Period"),
    "plan_uses_edits": ("Planen bruker dine endringer av regler og oppfølging.",
                        "The plan uses your edits to rules and follow-up."),
    "time_limit": ("Tidsgrense (sekunder)", "Time limit (seconds)"),
    "time_limit_help": ("Hvor lenge løseren får arbeide. Du kan stoppe tidligere.", "How long the solver may work. You can stop earlier."),
    "measure_limits": ("Mål hvilke grenser som binder", "Measure which limits bind"),
    "measure_limits_help": ("Når noe er udekket: løs på nytt med én grense løsnet om gangen (tar litt ekstra tid).",
                            "When something is uncovered: re-solve with one limit relaxed at a time (takes extra time)."),
    "replan_minimal": ("Minst mulig endring fra publisert plan", "Minimal change from the published rota"),
    "replan_minimal_help": ("Beholder flest mulig av vaktene i den siste publiserte planen.",
                            "Keeps as many duties of the latest published rota as possible."),
    "replan_needs_publication": ("Krever en publisert vaktplan.", "Needs a published rota."),
    "pins_active": ("{n} låste/forbudte vakter brukes.", "{n} locked/forbidden duties apply."),
    "plan_button": ("Lag vaktplan", "Make rota"),
    "progress_title": ("Fremdrift", "Progress"),
    "starting": ("starter", "starting"),
    "progress_text": ("Trinn {n} av {of}: {tier}", "Step {n} of {of}: {tier}"),
    "progress_limits": ("Måler hvilke grenser som binder …", "Measuring which limits bind …"),
    "metric_coverage": ("Dekning så langt", "Coverage so far"),
    "metric_bound": ("Beste grense", "Best bound"),
    "metric_gap": ("Gap", "Gap"),
    "metric_elapsed": ("Tid brukt", "Elapsed"),
    "stop_button": ("Stopp og behold beste plan", "Stop and keep the best rota"),
    "stop_help": ("Stopper løseren; den beste planen funnet så langt beholdes.", "Stops the solver; the best rota so far is kept."),
    "stopping": ("Stopper …", "Stopping …"),
    "plan_failed": ("Planleggingen stoppet på grunn av en feil i programmet. Prøv igjen; hvis det skjer igjen, si fra til den som drifter appen (feilen står i serverloggen).",
                    "Planning stopped because of an error in the program. Try again; if it happens again, tell whoever runs the app (the error is in the server log)."),
    "plan_input_problem": ("Planen kan ikke lages med disse valgene:", "The rota cannot be made with these choices:"),
    "no_plan_yet": ("Ingen plan ennå i denne økta. Trykk «Lag vaktplan».", "No plan yet in this session. Press «Make rota»."),
    "result_title": ("Resultat", "Result"),
    "status_OPTIMAL": ("Beste mulige plan (bevist på hvert trinn).", "Best possible rota (proven at every step)."),
    "status_FEASIBLE": ("God plan, men ikke bevist best innen tidsgrensen.", "A good rota, not proven best within the time limit."),
    "status_STOPPED": ("Stoppet: beste plan funnet så langt.", "Stopped: the best rota found so far."),
    "status_NO_SOLUTION": ("Tiden gikk ut før løseren fant en plan; startplanen brukes.",
                           "Time ran out before the solver found a rota; the starting rota is used."),
    "status_INFEASIBLE": ("Låste vakter bryter en grense; fjern eller endre låsene.",
                          "Locked duties break a limit; remove or change the locks."),
    "metric_covered": ("Dekket", "Covered"),
    "metric_uncovered": ("Udekket", "Uncovered"),
    "metric_duties": ("Støttevakter", "Duties"),
    "metric_on_duty": ("Kollegastøtter i bruk", "Supporters used"),
    "metric_time": ("Tid", "Time"),
    "changed_duties_text": ("Endrede vakter fra publisert plan: {n}", "Duties changed from the published rota: {n}"),
    "tiers_title": ("Mål i prioritert rekkefølge", "Goals in priority order"),
    "tiers_help": ("Verdi = oppnådd; grense = det beste som er mulig ifølge løseren; gap 0 % = bevist best.",
                   "Value = reached; bound = the best possible according to the solver; gap 0 % = proven best."),
    "col_tier": ("Mål", "Goal"),
    "col_value": ("Verdi", "Value"),
    "col_bound": ("Grense", "Bound"),
    "col_gap": ("Gap", "Gap"),
    "col_status": ("Status", "Status"),
    "col_seconds": ("Sekunder", "Seconds"),
    "tier_optimal": ("bevist best", "proven best"),
    "tier_not_proven": ("ikke bevist", "not proven"),
    "tier_uncovered_ward_slots": ("udekkede post-vakter", "uncovered ward-slots"),
    "tier_uncovered_staff_shifts": ("ansattvakter uten kollegastøtte", "staff-shifts without support"),
    "tier_missing_backups": ("post-vakter uten reserve", "ward-slots without backup"),
    "tier_changed_duties": ("endrede vakter", "changed duties"),
    "tier_total_duties": ("vakter totalt", "duties in total"),
    "tier_largest_load_ratio": ("største belastning ÷ rettferdig andel", "largest load ÷ fair share"),
    "tier_total_target_deviation": ("avvik fra rettferdig andel", "deviation from fair share"),
    "tier_profession_mismatches": ("ulik yrkesgruppe", "profession mismatches"),
    "tier_uneven_nights_weekends": ("jevne netter og helger", "even nights and weekends"),
    "limits_title": ("Hvilke grenser binder", "Which limits bind"),
    "limits_none_needed": ("Alt er dekket – ingen grense står i veien.", "Everything is covered – no limit is in the way."),
    "limits_not_measured": ("Ikke målt denne gangen (slått av, stoppet, eller alt udekket har en grunnleggende årsak).",
                            "Not measured this time (switched off, stopped, or every uncovered slot has a basic cause)."),
    "limits_no_gain": ("Å løsne én grense alene dekker ikke flere post-vakter.", "Relaxing one limit alone covers no more ward-slots."),
    "limit_line": ("{label}: {gain} flere post-vakter dekket ({proof})", "{label}: {gain} more ward-slots covered ({proof})"),
    "proven": ("bevist", "proven"),
    "not_proven": ("ikke bevist", "not proven"),
    "uncovered_hint": ("{n} post-vakter er udekket, {fundamental} av dem fordi ingen som kan dekke er på jobb. Se «Dekning» "
                       "for grunnen til hver.",
                       "{n} ward-slots are uncovered, {fundamental} of them because nobody who may cover is at work. See "
                       "«Coverage» for each reason."),
    "next_coverage": ("Se dekningen", "See coverage"),
    "next_burden": ("Se belastningen", "See burden"),
    "next_publish": ("Publiser", "Publish"),
    # coverage
    "coverage_title": ("Dekning per post", "Coverage per ward"),
    "coverage_intro": ("Er hver vakt på posten dekket, og hvem ringer vi? Grønn = dekket, mørk grønn = dekket med "
                       "reserve, rød = udekket.",
                       "Is every shift in the ward covered, and whom do we call? Green = covered, dark green = covered "
                       "with backup, red = uncovered."),
    "filter_ward": ("Post", "Ward"),
    "all_wards": ("Alle poster", "All wards"),
    "status_short_OPTIMAL": ("bevist best", "proven best"),
    "status_short_FEASIBLE": ("god, ikke bevist best", "good, not proven best"),
    "status_short_STOPPED": ("stoppet", "stopped"),
    "status_short_NO_SOLUTION": ("startplan", "starting rota"),
    "status_short_INFEASIBLE": ("låser i konflikt", "conflicting locks"),
    "status_covered": ("dekket", "covered"),
    "status_covered_backup": ("dekket med reserve", "covered with backup"),
    "status_uncovered": ("udekket", "uncovered"),
    "col_date": ("Dato", "Date"),
    "col_slot": ("Vakt", "Slot"),
    "col_ward": ("Post", "Ward"),
    "col_ward_slot": ("Post · vakt", "Ward · slot"),
    "col_headcount": ("Ansatte på jobb", "Staff at work"),
    "col_call": ("Ring", "Call"),
    "col_backup": ("Reserve", "Backup"),
    "col_reason": ("Grunn", "Reason"),
    "heatmap_help": ("Tomme ruter: posten har ingen på jobb i den vakta (trenger ikke dekning).",
                     "Empty cells: the ward has nobody at work in that slot (needs no cover)."),
    "uncovered_title": ("Udekkede post-vakter og hvorfor", "Uncovered ward-slots and why"),
    "all_covered": ("Alle post-vakter er dekket.", "Every ward-slot is covered."),
    "reasons_language_note": ("Grunnene står på språket planen ble laget på.", "Reasons are in the language the rota was made in."),
    "no_demand": ("Ingen post-vakter trenger dekning.", "No ward-slot needs cover."),
    "notice_title": ("Oppslag for posten", "Ward notice"),
    "notice_help": ("Utskriftsvennlig: hvem ringer vi, hver vakt. Heng det opp på vaktrommet.",
                    "Printable: whom to call, each shift. Put it up in the staff room."),
    "notice_ward": ("Post for oppslaget", "Ward for the notice"),
    "download_notice": ("Last ned oppslag (HTML)", "Download notice (HTML)"),
    "notice_preview": ("Forhåndsvis oppslaget", "Preview the notice"),
    "who_covers_table": ("Tabell: hvem dekker hver vakt", "Table: who covers each slot"),
    # burden
    "burden_title": ("Belastning per kollegastøtte", "Burden per supporter"),
    "burden_intro": ("Er belastningen rettferdig og innenfor grensene? Målet (rettferdig andel) følger den beskyttede tiden "
                     "og senkes for den som nylig har hatt mange samtaler.",
                     "Is the load fair and within limits? The target (fair share) follows protected time and is lowered "
                     "for those with many recent conversations."),
    "metric_max_ratio": ("Største belastning ÷ mål", "Largest load ÷ target"),
    "metric_nights": ("Netter", "Nights"),
    "metric_weekends": ("Helgevakter", "Weekend duties"),
    "hours_vs_target": ("Timer mot rettferdig andel", "Hours against fair share"),
    "hours_vs_target_help": ("Stolpe = timer støttevakt; rød strek = rettferdig andel.", "Bar = duty hours; red tick = fair share."),
    "duties_vs_limits": ("Vakter, netter og helger mot grensen", "Duties, nights and weekends against the limit"),
    "duties_vs_limits_help": ("Svart strek = maks vakter per uke × {weeks} uker.", "Black tick = max duties per week × {weeks} weeks."),
    "col_supporter": ("Kollegastøtte", "Supporter"),
    "col_home_ward": ("Egen post", "Home ward"),
    "col_duties": ("Vakter", "Duties"),
    "col_nights": ("Netter", "Nights"),
    "col_weekend_duties": ("Helgevakter", "Weekend duties"),
    "col_hours": ("Timer", "Hours"),
    "col_target": ("Rettferdig andel (t)", "Fair share (h)"),
    "col_load_ratio": ("Belastning ÷ mål", "Load ÷ target"),
    "col_limit_period": ("Grense i perioden", "Limit for the period"),
    "followup_title": ("Oppfølging: nylige samtaler og utilgjengelige datoer",
                       "Follow-up: recent conversations and unavailable dates"),
    "counts_only_long": ("Her registreres bare antall samtaler siste periode — aldri hvem, hva eller hvorfor. Ingenting fra "
                         "samtalene lagres noe sted. Utilgjengelig: f.eks. restitusjon etter en tung sak.",
                         "Only the number of conversations last period is entered here — never who, what or why. Nothing "
                         "from conversations is stored anywhere. Unavailable: e.g. recovery after a heavy case."),
    "followup_needs_inputs": ("Last opp filene (eller eksempeldata) for å registrere oppfølging.",
                              "Upload the files (or sample data) to enter follow-up."),
    "unavailable_help": ("Datoer eller perioder: 2027-01-04..2027-01-10;2027-02-01", "Dates or ranges: 2027-01-04..2027-01-10;2027-02-01"),
    "apply_followup": ("Bruk oppfølgingen", "Apply follow-up"),
    "bad_dates": ("{who}: kunne ikke lese {parts}", "{who}: could not read {parts}"),
    "followup_saved": ("Lagret for neste planlegging ({n} endret).", "Saved for the next plan ({n} changed)."),
    "pins_title": ("Lås eller forby enkeltvakter", "Lock or forbid single duties"),
    "pins_help": ("Lås = vakta skal stå; forby = vakta skal aldri komme. Legg til rader for andre vakter.",
                  "Lock = the duty stays; forbid = it never appears. Add rows for other duties."),
    "col_wards_covered": ("Poster dekket", "Wards covered"),
    "col_action": ("Lås / forby", "Lock / forbid"),
    "col_action_help": ("lock = lås, forbid = forby", "lock or forbid"),
    "save_pins": ("Lagre låsingene", "Save locks"),
    "bad_pins": ("Kunne ikke lese: {rows}", "Could not read: {rows}"),
    "replan_button": ("Planlegg på nytt med minst mulig endring", "Re-plan with minimal change"),
    "replan_help": ("Ny plan med oppfølgingen og låsingene, som endrer færrest mulig vakter i den publiserte planen.",
                    "A new rota with the follow-up and locks, changing as few duties of the published rota as possible."),
    # export
    "export_title": ("Eksport", "Export"),
    "export_intro": ("Last ned vaktplanen som tabeller, én Excel-arbeidsbok, kalendere og oppslag.",
                     "Download the rota as tables, one Excel workbook, calendars and notices."),
    "export_tables": ("Tabeller", "Tables"),
    "download_workbook": ("Excel (.xlsx)", "Excel (.xlsx)"),
    "export_calendars": ("Kalendere (.ics) per kollegastøtte", "Calendars (.ics) per supporter"),
    "export_calendars_help": ("Til telefonen: hver støttevakt som en avtale.", "For the phone: each duty as an event."),
    "choose_supporter": ("Kollegastøtte", "Supporter"),
    "download_ics": ("Last ned kalender", "Download calendar"),
    "download_ics_zip": ("Alle kalendere (zip)", "All calendars (zip)"),
    "no_duties": ("Ingen støttevakter i planen.", "No duties in the rota."),
    "export_notices": ("Oppslag per post", "Notices per ward"),
    "download_notices_zip": ("Alle oppslag (zip)", "All notices (zip)"),
    # publish
    "publish_title": ("Publiser vaktplanen", "Publish the rota"),
    "publish_intro": ("Publisering lagrer vaktplanen, sjekksummene til filene og reglene som ble brukt. Ledere, koordinator "
                      "og senere omplanlegging ser den publiserte planen, også etter omstart. Tidligere publiseringer "
                      "beholdes som historikk.",
                      "Publishing saves the rota, the input files' checksums and the rules used. Managers, the coordinator "
                      "and later re-planning see the published rota, also after a restart. Earlier publications are kept "
                      "as history."),
    "publish_wait_solve": ("Løseren arbeider; publiser når den er ferdig.", "The solver is working; publish when it is done."),
    "publish_no_draft": ("Ingen ny plan i denne økta å publisere.", "No new rota in this session to publish."),
    "draft_line": ("Utkast: {covered} av {total} post-vakter dekket, {uncovered} udekket, {duties} støttevakter. {status}",
                   "Draft: {covered} of {total} ward-slots covered, {uncovered} uncovered, {duties} duties. {status}"),
    "publish_not_optimal": ("Planen er ikke bevist best; du kan publisere den likevel, eller planlegge med mer tid.",
                            "The rota is not proven best; you may publish it anyway, or plan with more time."),
    "publish_reason": ("Hva slags publisering? (valgfri)", "What kind of publication? (optional)"),
    "publish_reason_help": ("Et fast valg, ingen fritekst: ingenting om samtaler eller personer kan skrives her.",
                            "A fixed choice, no free text: nothing about conversations or people can be written here."),
    "reason_": ("–", "–"),
    "reason_new_period": ("Ny periode", "New period"),
    "reason_change": ("Endring i perioden", "Change within the period"),
    "col_reason_kind": ("Hva slags", "Kind"),
    "publish_button": ("Publiser vaktplanen", "Publish the rota"),
    "publish_failed": ("Publiseringen feilet, ingenting ble lagret. Prøv igjen; hvis det skjer igjen, si fra til den som drifter appen.",
                       "Publishing failed, nothing was saved. Try again; if it happens again, tell whoever runs the app."),
    "published_as": ("Publisert som nr. {id}.", "Published as no. {id}."),
    "publish_what": ("Hva lagres?", "What is stored?"),
    "publish_what_text": ("Tabellene (tildelinger, vakter, belastning, dekning), postnavn, navn på kollegastøttene, "
                          "oppsummeringen, reglene og filenes sjekksummer — i én transaksjon. Aldri noe fra samtaler: bare "
                          "antall.",
                          "The tables (assignments, duties, burden, coverage), ward names, supporters' names, the summary, "
                          "the rules and the files' checksums — in one transaction. Never anything from conversations: "
                          "counts only."),
    "history_title": ("Historikk", "History"),
    "history_empty": ("Ingen publiseringer ennå.", "No publications yet."),
    "store_unreadable": ("Databasen med publiserte vaktplaner kan ikke leses. Si fra til den som drifter appen.",
                         "The database of published rotas cannot be read. Tell whoever runs the app."),
    "col_id": ("Nr.", "No."),
    "col_published": ("Publisert", "Published"),
    "history_pick": ("Publisering", "Publication"),
    "history_details": ("Regler og sjekksummer for nr. {id}", "Rules and checksums of no. {id}"),
    "history_show": ("Vis denne på dekning, belastning og eksport", "Show this on coverage, burden and export"),
    "rules_used": ("Regler brukt", "Rules used"),
    "input_checksums": ("Sjekksummer (SHA-256) for filene", "Checksums (SHA-256) of the files"),
    # shared captions
    "view_caption_draft": ("Viser: utkast fra denne økta ({when}), ikke publisert.",
                           "Showing: this session's draft ({when}), not published."),
    "view_caption_published": ("Viser: publisert nr. {id} ({when}).", "Showing: published no. {id} ({when})."),
}


def lang() -> str:
    value = st.session_state.get("lang", "no")
    return value if value in LANGUAGES else "no"


def t(key: str, **values: object) -> str:
    """The text for `key` in the session's language, with `{name}` fields filled in."""
    entry = TEXTS.get(key)
    if entry is None:
        return f"⟨{key}⟩"
    text = entry[0] if lang() == "no" else entry[1]
    return text.format(**values) if values else text


def fmt_num(value: object) -> str:
    """A number as people read it (decimal comma in Norwegian); – for nothing."""
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    else:
        text = str(value)
    return text.replace(".", ",") if lang() == "no" else text


def reason_label(reason: str) -> str:
    """The kind of publication as people read it (a fixed choice; "–" for none)."""
    return t(f"reason_{reason}") if f"reason_{reason}" in TEXTS else "–"


def view_caption(view) -> str:
    when = shown(view.created_at, lang())
    if view.kind == "draft":
        return t("view_caption_draft", when=when)
    kind = f" {reason_label(view.reason)}." if view.reason else ""
    return t("view_caption_published", id=view.publication_id, when=when) + kind
