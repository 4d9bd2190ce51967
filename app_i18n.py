"""Every text the app shows, in Norwegian bokmål (default) and English, behind one `t(key)`.

Pages never hard-code a label: they call ``t("key", **values)``. The language lives in
``st.session_state["lang"]`` (the sidebar toggle). A missing key shows as ``⟨key⟩`` so it is seen,
never crashes; tests assert every key has both languages and every key a page uses exists.

The Norwegian is written for the people who use the app — rostering staff, ward managers and the
coordinator, most of them nurses: plain words, no solver terms. Words used the same way
throughout: *vakt* is a shift (dag, kveld, natt); *støttevakt* is a supporter's duty;
*kollegastøtte* is the scheme and the person on duty; *post* is a ward. The optimiser's own
terms (bound, gap) are only behind a help icon or in «Tall fra planleggeren».
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from scheduler.io.table_words import HEADERS, WORDS
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
    "page_plan": ("Lag vaktplan", "Make the rota"),
    "page_coverage": ("Dekning (ledere)", "Coverage (managers)"),
    "page_burden": ("Belastning (koordinator)", "Burden (coordinator)"),
    "page_export": ("Last ned", "Download"),
    "page_publish": ("Publiser", "Publish"),
    "call_now_button": ("Hvem ringer jeg nå?", "Who do I call now?"),
    "view_source": ("Vis vaktplan", "Show rota"),
    "view_source_help": ("Utkastet ditt, eller en publisert vaktplan (lagret, alle ser den).",
                         "Your draft, or a published rota (stored, seen by everyone)."),
    "view_draft": ("Utkast (ikke publisert)", "Draft (not published)"),
    "view_published": ("Publisert nr. {id}", "Published no. {id}"),
    "draft_read_only": ("Du ser utkastet til {owner} (bare lesing). Endrer du noe, blir det et eget utkast for deg; "
                        "deres utkast endres ikke.",
                        "You are looking at {owner}'s draft (read only). If you change anything, it becomes a draft of "
                        "your own; theirs is not changed."),
    "draft_refused": ("Lenken viser til et utkast som tilhører en annen. Utkast er personlige; du starter med et nytt.",
                      "The link names a draft that belongs to someone else. Drafts are personal; you start a new one."),
    "draft_conflict": ("Utkastet er endret i en annen fane eller et annet vindu siden denne siden hentet det. "
                       "Det du har endret her, er ikke lagret. Velg hva du vil gjøre:",
                       "The draft was changed in another tab or window since this page read it. What you changed "
                       "here is not saved. Choose what to do:"),
    "draft_take_kept": ("Hent det som er lagret (mine endringer her forkastes)",
                        "Load what is saved (my changes here are dropped)"),
    "draft_keep_as_new": ("Behold mitt som et nytt utkast", "Keep mine as a new draft"),
    "view_in_force": ("Gjeldende vaktplan (per post)", "Rota in force (per ward)"),
    "no_rota_yet": ("Ingen vaktplan ennå: lag en på «Lag vaktplan», eller publiser en.",
                    "No rota yet: make one on «Make the rota», or publish one."),
    "sidebar_solving": ("Vaktplanen lages …", "The rota is being made …"),
    "sidebar_waiting": ("Venter på tur – en annen vaktplan lages først.", "Waiting – another rota is being made first."),
    "page_failed": ("Noe gikk galt i programmet, og siden kunne ikke vises helt. Filene og valgene dine er tatt vare "
                    "på. Prøv igjen; skjer det igjen, si fra til den som drifter appen (feilen står i serverloggen).",
                    "Something went wrong in the program, and the page could not be shown in full. Your files and "
                    "choices are kept. Try again; if it happens again, tell whoever runs the app (the error is in the "
                    "server log)."),
    "yes": ("ja", "yes"),
    "no": ("nei", "no"),
    "default": ("Standard", "Default"),
    "unlimited": ("ingen grense", "no limit"),
    # upload
    "upload_title": ("Last opp turnus og kollegastøtter", "Upload rosters and supporters"),
    "upload_intro": ("Last opp turnusene (CSV eller Excel, gjerne flere filer på en gang), lista over kollegastøtter, "
                     "og om du vil postliste, vaktkoder og regler. Hver fil får en leserapport som sier hva som må "
                     "rettes: fil, rad og kolonne.",
                     "Upload the rosters (CSV or Excel, several files at once is fine), the list of peer supporters, "
                     "and optionally wards, shift codes and rules. Each file gets a reading report saying what to fix: "
                     "file, row and column."),
    "sample_button": ("Prøv med eksempeldata", "Try with sample data"),
    "sample_help": ("Laster det oppdiktede eksempelsykehuset (12 poster, 8 uker).",
                    "Loads the made-up sample hospital (12 wards, 8 weeks)."),
    "sample_messy_button": ("Eksempel: rotete eksporter", "Sample: messy exports"),
    "sample_messy_help": ("Samme turnus slik ekte systemer skriver den: én fil per post, semikolon, Windows-1252, Excel.",
                          "The same roster as real systems write it: one file per ward, semicolons, Windows-1252, Excel."),
    "clear_files": ("Fjern alle filer", "Remove all files"),
    "clear_files_help": ("Slutter å bruke alle filene og det du har rettet for hånd. Publiserte vaktplaner blir værende.",
                         "Stops using every file and the fixes made by hand. Published rotas stay."),
    "files_title": ("Filer", "Files"),
    "choose_files": ("Velg filer", "Choose files"),
    "upload_limit": ("Høyst 200 MB per fil", "At most 200 MB per file"),
    "no_file_in_use": ("Ingen fil i bruk.", "No file in use."),
    "remove_file": ("Slutt å bruke denne filen", "Stop using this file"),
    "upload_turnus": ("Turnusfiler (én eller flere)", "Roster files (one or more)"),
    "upload_turnus_help": ("Én rad per vakt, eller én kolonne per dato. Mangler filen en kolonne for post og heter "
                           "turnus_<post>.csv, brukes <post> for alle radene.",
                           "One row per shift, or one column per date. A file without a ward column named "
                           "turnus_<ward>.csv gives <ward> to every row."),
    "upload_supporters": ("Kollegastøtter (supporters.csv)", "Peer supporters (supporters.csv)"),
    "upload_wards": ("Poster (valgfri)", "Wards (optional)"),
    "upload_shift_codes": ("Vaktkoder (valgfri)", "Shift codes (optional)"),
    "upload_rules": ("Regler, rules.toml (valgfri)", "Rules, rules.toml (optional)"),
    "need_files": ("Last opp minst én turnusfil og lista over kollegastøtter – eller trykk «Prøv med eksempeldata».",
                   "Upload at least one roster file and the supporters list – or press «Try with sample data»."),
    "reading": ("Leser filene …", "Reading the files …"),
    "ids_from_names": ("**{file}** har ingen kolonne for ansattnummer, så navnet brukes i stedet. To personer med samme "
                       "navn blir da slått sammen til én. Velg ansattnummer-kolonnen under «Kolonner vi ikke kjente», "
                       "eller ta den med i eksporten.",
                       "**{file}** has no employee-number column, so the name is used instead. Two people with the "
                       "same name then become one. Pick the employee-number column under «Columns we did not know», "
                       "or include it in the export."),
    "ward_from_name_unknown": ("Alle i **{file}** er satt på posten «{ward}», som er hentet fra filnavnet og ikke finnes "
                               "i postlista. Stemmer ikke det, så velg post-kolonnen i filen, eller last opp postlista.",
                               "Everyone in **{file}** is put in ward «{ward}», taken from the file name and not in "
                               "the ward list. If that is wrong, pick the file's ward column, or upload the ward list."),
    "reports_title": ("Leserapporter", "Reading reports"),
    "reports_summary": ("{files} filer · {rows} turnusrader · {employees} ansatte · {supporters} kollegastøtter · {errors} feil",
                        "{files} files · {rows} roster rows · {employees} employees · {supporters} supporters · {errors} errors"),
    "n_error_one": ("{n} feil", "{n} error"),
    "n_error_many": ("{n} feil", "{n} errors"),
    "n_warning_one": ("{n} advarsel", "{n} warning"),
    "n_warning_many": ("{n} advarsler", "{n} warnings"),
    "n_row_one": ("{n} rad", "{n} row"),
    "n_row_many": ("{n} rader", "{n} rows"),
    "kind_turnus": ("turnus", "roster"),
    "kind_supporters": ("kollegastøtter", "supporters"),
    "kind_wards": ("poster", "wards"),
    "kind_shift_codes": ("vaktkoder", "shift codes"),
    "kind_rules": ("regler", "rules"),
    "kind_staff": ("ansattliste", "staff list"),
    "kind_pins": ("låste vakter", "locked duties"),
    "fact_layout": ("Form", "Layout"),
    "layout_long": ("én rad per vakt", "one row per shift"),
    "layout_wide": ("én kolonne per dato", "one column per date"),
    "fact_encoding": ("Tegnsett", "Encoding"),
    "encoding_bom": ("UTF-8 med BOM", "UTF-8 with BOM"),
    "fact_delimiter": ("Skilletegn", "Delimiter"),
    "delim_semicolon": ("semikolon", "semicolon"),
    "delim_comma": ("komma", "comma"),
    "delim_tab": ("tabulator", "tab"),
    "delim_bar": ("loddrett strek", "vertical bar"),
    "fact_rows": ("Rader lest", "Rows read"),
    "fact_skipped": ("Hoppet over", "Skipped"),
    "fact_employees": ("Ansatte", "Employees"),
    "fact_dates": ("Datoer", "Dates"),
    "fact_ward": ("Post fra filnavnet", "Ward from the file name"),
    "columns_read": ("Kolonner", "Columns"),
    "no_messages": ("Ingen meldinger.", "No messages."),
    "col_severity": ("Hvor alvorlig", "Severity"),
    "col_where": ("Hvor", "Where"),
    "col_message": ("Melding", "Message"),
    "col_fix": ("Slik retter du det", "How to fix it"),
    "col_raw": ("Teksten i filen", "Text in the file"),
    "sev_error": ("feil", "error"),
    "sev_warning": ("advarsel", "warning"),
    "sev_info": ("til orientering", "for information"),
    "map_columns": ("Kolonner vi ikke kjente", "Columns we did not know"),
    "map_columns_help": ("Si hva kolonnen inneholder, så leses filen på nytt med det.",
                         "Say what the column holds, and the file is read again with it."),
    "ignore_column": ("– ikke bruk –", "– do not use –"),
    "apply_mapping": ("Bruk kolonnene", "Use these columns"),
    "field_employee_id": ("Ansattnummer", "Employee number"),
    "field_name": ("Navn", "Name"),
    "field_ward": ("Post", "Ward"),
    "field_profession": ("Yrke", "Profession"),
    "field_date": ("Dato", "Date"),
    "field_shift_code": ("Vaktkode", "Shift code"),
    "field_start": ("Fra kl.", "From"),
    "field_end": ("Til kl.", "To"),
    "field_max_duties_per_week": ("Maks støttevakter per uke", "Max duties per week"),
    "field_max_duties_per_period": ("Maks støttevakter i perioden", "Max duties in the period"),
    "field_max_nights_per_period": ("Maks nattevakter i perioden", "Max nights in the period"),
    "field_protected_hours_per_week": ("Avsatt tid per uke (timer)", "Protected hours per week"),
    "field_training_valid_until": ("Opplæring gyldig til", "Training valid until"),
    "field_last_refresher": ("Siste årlige oppfriskning", "Last yearly refresher"),
    "field_on_call": ("Kan ha beredskap hjemmefra (ja/nei)", "May be on call from home (yes/no)"),
    "field_leads_wards": ("Leder postene", "Leads the wards"),
    "field_unavailable": ("Ikke tilgjengelig", "Unavailable"),
    "field_recent_activity": ("Samtaler siste periode", "Conversations last period"),
    "field_phone": ("Telefon", "Phone"),
    "field_department": ("Avdeling", "Department"),
    "field_site": ("Sykehus", "Site"),
    "field_min_staff_day": ("Minste bemanning dag", "Minimum staff, day"),
    "field_min_staff_evening": ("Minste bemanning kveld", "Minimum staff, evening"),
    "field_min_staff_night": ("Minste bemanning natt", "Minimum staff, night"),
    "field_needs_coverage": ("Trenger kollegastøtte", "Needs peer support"),
    "codes_title": ("Vaktkodene og hva de betyr", "The shift codes and what they mean"),
    "codes_intro": ("Slik er hver kode i turnusen lest. Koder vi ikke kjenner, regnes som «ikke på jobb».",
                    "How each code in the roster was read. Codes we do not know count as «not at work»."),
    "col_meaning": ("Lest som", "Read as"),
    "col_source": ("Hvorfra", "From"),
    "col_check": ("Sjekk", "Check"),
    "code_unknown": ("ukjent – ikke på jobb", "unknown – not at work"),
    "code_also": ("brukes også for {also}", "also used for {also}"),
    "codesource_builtin": ("innebygd tabell", "built-in table"),
    "codesource_file": ("vaktkodefilen", "the shift-code file"),
    "codesource_hand": ("valgt her", "chosen here"),
    "codesource_times": ("klokkeslett i cellen", "times in the cell"),
    "codekind_work": ("på jobb", "at work"),
    "codekind_support": ("avsatt tid til kollegastøtte", "protected peer-support time"),
    "codekind_off": ("fri", "off"),
    "codekind_absence": ("fravær (ferie, syk, kurs)", "absence (holiday, sick, course)"),
    "codekind_unknown": ("ukjent – ikke på jobb", "unknown – not at work"),
    "codes_to_check": ("Sjekk disse kodene: {codes}. De betyr ulike ting på ulike enheter. Stemmer det vi leste, "
                       "trykk på knappen under; ellers skriv hva de betyr hos dere i tabellen og trykk «Bruk vaktkodene».",
                       "Check these codes: {codes}. They mean different things in different units. If what we read is "
                       "right, press the button below; otherwise type what they mean in your unit in the table and "
                       "press «Use the shift codes»."),
    "codes_fix_title": ("Si hva kodene betyr", "Say what the codes mean"),
    "codes_fix_help": ("Skriv i cellen og trykk Enter: da står du på neste kode. En kjent kode med samme tider "
                       "(«D»), eller typen med de første bokstavene og tider: «arbeid 07:30-15:30» («ar 7.30-15.30»), "
                       "«kollegastøtte 8-15:30», «fri», «fravær». Tom celle: koden beholder det den ble lest som.",
                       "Type in the cell and press Enter: you are then on the next code. A known code with the same "
                       "times («D»), or the kind by its first letters with times: «work 07:30-15:30» («wo 7.30-15.30»), "
                       "«support 8-15:30», «off», «absence». An empty cell: the code keeps what it was read as."),
    "col_meaning_typed": ("Betyr (skriv)", "Means (type)"),
    "col_meaning_typed_help": ("En kjent kode («D»), eller «arbeid 7-15», «kollegastøtte 8-15:30», «fri», «fravær».",
                               "A known code («D»), or «work 7-15», «support 8-15:30», «off», «absence»."),
    "col_read_as_now": ("Lest som nå", "Read as now"),
    "codes_row_problem": ("Rad {row} (kode {code}): {problem}", "Row {row} (code {code}): {problem}"),
    "codes_line_problem": ("Linje {line}: {problem}", "Line {line}: {problem}"),
    "codes_paste": ("Mange koder på én gang: én linje per kode, KODE = betydning",
                    "Many codes at once: one line per code, CODE = meaning"),
    "codes_paste_help": ("Skriv eller lim inn, f.eks. fra et regneark med to kolonner (kode, betydning). Ctrl+Enter "
                         "eller knappen bruker linjene; en linje som ikke kan leses sies med nummeret sitt, og da "
                         "brukes ingen.",
                         "Type or paste, e.g. from a spreadsheet of two columns (code, meaning). Ctrl+Enter or the "
                         "button uses the lines; a line that cannot be read is named by its number, and then none "
                         "is used."),
    "codes_paste_placeholder": ("DX = D\nKV = arbeid 15-22\nKURS2 = fravær", "DX = D\nKV = work 15-22\nKURS2 = absence"),
    "codes_paste_apply": ("Bruk linjene", "Use the lines"),
    "col_code": ("Kode", "Code"),
    "col_count": ("Antall", "Count"),
    "col_like": ("Som koden", "Like code"),
    "col_like_help": ("Bruk tidene og typen til en kjent kode.", "Use a known code's times and kind."),
    "col_kind": ("Hva slags", "Kind"),
    "col_kind_help": ("På jobb, avsatt tid til kollegastøtte, fri eller fravær.",
                      "At work, protected peer-support time, off or absence."),
    "col_start": ("Fra kl.", "From"),
    "col_end": ("Til kl.", "To"),
    "time_help": ("Klokkeslett, f.eks. 07:30.", "A time, e.g. 07:30."),
    "apply_codes": ("Bruk vaktkodene", "Use the shift codes"),
    "supporters_title": ("Kollegastøtter", "Peer supporters"),
    "supporters_help": ("Rett direkte i tabellen og trykk «Bruk endringene». Tom celle = regelens standard.",
                        "Edit in the table and press «Apply changes». An empty cell = the rule's default."),
    "apply_supporters": ("Bruk endringene", "Apply changes"),
    "col_employee_id": ("Ansattnr.", "Employee no."),
    "col_name": ("Navn", "Name"),
    "col_max_week": ("Maks støttevakter per uke", "Max duties per week"),
    "col_max_period": ("Maks støttevakter i perioden", "Max duties in the period"),
    "col_max_nights": ("Maks nattevakter i perioden", "Max nights in the period"),
    "col_protected_hours": ("Avsatt tid per uke (timer)", "Protected hours per week"),
    "col_training": ("Opplæring gyldig til", "Training valid until"),
    "col_leads": ("Leder postene", "Leads the wards"),
    "col_leads_help": ("Postene personen er leder for, skilt med semikolon. En leder er aldri kollegastøtte for egne "
                       "ansatte.", "The wards the person manages, separated by semicolons. A manager is never the "
                       "supporter for their own staff."),
    "col_unavailable": ("Ikke tilgjengelig", "Unavailable"),
    "unavailable_help": ("Datoer eller perioder, f.eks. 04.01.2027..10.01.2027;01.02.2027. Bare datoene, aldri hvorfor.",
                         "Dates or ranges: 2027-01-04..2027-01-10;2027-02-01. Only the dates, never why."),
    "col_recent_activity": ("Samtaler siste periode", "Conversations last period"),
    "counts_only": ("Bare et antall. Ingenting om hva som ble sagt.", "A count only. Nothing about what was said."),
    "errors_but_can_plan": ("{n} feil i filene: radene det gjelder er hoppet over. Du kan lage vaktplanen likevel.",
                            "{n} errors in the files: those rows were skipped. You can still make the rota."),
    "turnus_file_empty": ("Ingen vakter kunne leses fra **{file}**{ward}. Denne turnusen mangler i vaktplanen: rett "
                          "filen (se leserapporten under), eller last opp riktig fil.",
                          "No shifts could be read from **{file}**{ward}. This roster is missing from the rota: fix "
                          "the file (see the reading report below), or upload the right file."),
    "turnus_file_empty_ward": (" (posten {ward})", " (ward {ward})"),
    "wards_without_turnus": ("Postene {wards} står i postlista, men har ingen vakter i turnusfilene. De får ingen "
                             "kollegastøtte i vaktplanen, og ingen derfra kan være kollegastøtte. Mangler en fil?",
                             "The wards {wards} are in the ward list but have no shifts in the roster files. They get no "
                             "peer supporter in the rota, and nobody from them can be one. Is a file missing?"),
    "plan_without_wards": ("Turnus mangler for {wards}. Du kan lage vaktplanen, men den gjelder ikke for "
                           "{them} før turnusen er lastet opp.",
                           "The roster is missing for {wards}. You can make the rota, but it does not cover "
                           "{them} until the roster is uploaded."),
    "them_one": ("denne posten", "this ward"),
    "them_many": ("disse postene", "these wards"),
    "code_effect": ("Kodene du har gitt en annen betydning ({codes}) endrer planen mye.",
                    "The codes you gave another meaning ({codes}) change the plan a lot."),
    "code_effect_numbers": ("Vakter på postene som trenger kollegastøtte: {demand_after} i stedet for {demand_before} "
                            "({demand_lost} færre). Vakter der kollegastøttene kan ta støttevakt: {available_after} i "
                            "stedet for {available_before} ({available_lost} færre). Stemmer betydningen av kodene?",
                            "Shifts in the wards that need a peer supporter: {demand_after} instead of {demand_before} "
                            "({demand_lost} fewer). Shifts in which supporters can take a duty: {available_after} "
                            "instead of {available_before} ({available_lost} fewer). Are the codes' meanings right?"),
    "confirm_codes": ("Stemmer – bruk {codes} slik de er lest", "Right – use {codes} as read"),
    "code_effect_undo": ("Angre alle kodeendringer", "Undo every code change"),
    "next_rules": ("Videre: se reglene", "Next: check the rules"),
    "next_plan": ("Videre: lag vaktplanen", "Next: make the rota"),
    "go_upload": ("Til opplasting", "Go to upload"),
    "go_plan": ("Lag vaktplanen på nytt", "Make the rota again"),
    # rules
    "rules_title": ("Regler", "Rules"),
    "rules_intro": ("Hver regel med standardverdi og hvorfor den finnes. Endringer gjelder neste gang du lager vaktplanen.",
                    "Every rule with its default and why it exists. Changes apply the next time you make the rota."),
    "rules_edited": ("Du har endret reglene; de endrede reglene brukes.", "You changed the rules; the edited rules are used."),
    "rules_from_file": ("Reglene kommer fra regelfilen du lastet opp.", "The rules come from the rules file you uploaded."),
    "rules_defaults_used": ("Ingen regelfil: standardreglene brukes.", "No rules file: the default rules are used."),
    "rules_slots": ("Vakter med kollegastøtte hver dag", "Shifts with peer support each day"),
    "rules_who": ("Hvem kan være kollegastøtte for hvem", "Who may support whom"),
    "rules_limits": ("Grenser for belastningen", "Limits on the load"),
    "rules_horizon": ("Periode og planlegging", "Period and planning"),
    "rules_on_call": ("Kollegastøtte i beredskap hjemmefra", "Peer supporter on call from home"),
    "rule_on_call": ("Planlegg hvem som er i beredskap", "Plan who is on call"),
    "why_on_call": ("Når ingen fra en annen post er på jobb (netter, helger, høytider), kan en kollegastøtte som har "
                    "sagt ja (`on_call` i supporters.csv) være i beredskap hjemmefra på telefon – betalt hjemmevakt. "
                    "Planlegges etter vaktplanen, som ikke endres.",
                    "When nobody from another ward is at work (nights, weekends, holidays), a supporter who opted in "
                    "(`on_call` in supporters.csv) can be on call from home by phone – paid standby. Planned after "
                    "the rota, which it never changes."),
    "rule_on_call_also_nights": ("Også alle netter", "Every night too"),
    "why_on_call_also_nights": ("Ellers bare vaktene der en post står uten kollegastøtte på stedet.",
                                "Otherwise only the shifts where a ward has no supporter on site."),
    "rule_on_call_also_holidays": ("Også alle helligdager", "Every public holiday too"),
    "why_on_call_also_holidays": ("Alle vakter på norske helligdager, også der alle poster er dekket.",
                                  "Every shift of a Norwegian public holiday, even where every ward is covered."),
    "rule_on_call_max_per_week": ("Beredskap per uke (høyst)", "On call per week (at most)"),
    "why_on_call_max_per_week": ("Beredskap er også en belastning; høyst én per dag uansett.",
                                 "Being on call is a burden too; at most one a day in any case."),
    "rule_on_call_max_per_period": ("Beredskap i perioden (høyst)", "On call in the period (at most)"),
    "why_on_call_max_per_period": ("Koordinatorens tak over hele perioden.", "The coordinator's ceiling over the period."),
    "rule_on_call_rest_after_night": ("Hvile etter natt", "Rest after a night"),
    "why_on_call_rest_after_night": ("Ikke i beredskap vakta rett etter en natt på jobb.",
                                     "Not on call in the shift right after a night at work."),
    "rule_on_call_weight": ("Hvor mye en beredskap teller", "How much being on call counts"),
    "why_on_call_weight": ("I timer støttevakt på stedet, i belastning og rettferdig fordeling (hjemmevakt veier "
                           "mindre enn en vakt på jobb).",
                           "In on-site duty hours, in load and fair sharing (standby at home weighs less than a duty "
                           "at work)."),
    "rules_apply": ("Bruk reglene", "Apply the rules"),
    "rules_reset": ("Tilbake til regelfilen", "Back to the rules file"),
    "rules_saved": ("Reglene er lagret og brukes neste gang du lager vaktplanen.", "The rules are saved for the next rota."),
    "rules_invalid": ("Reglene kan ikke brukes: {error}", "The rules cannot be used: {error}"),
    "col_slot_name": ("Navn", "Name"),
    "col_slot_kind": ("Type", "Kind"),
    "slotkind_day": ("dag", "day"),
    "slotkind_evening": ("kveld", "evening"),
    "slotkind_night": ("natt", "night"),
    "col_duty_hours": ("Timer støttearbeid per vakt", "Support hours per duty"),
    "why_slots": ("Hver vakt på en post der noen er på jobb, skal ha en navngitt kollegastøtte å ringe. En vakt over "
                  "midnatt hører til datoen den begynner.",
                  "Every shift in a ward with someone at work gets a named supporter to call. A shift past midnight "
                  "belongs to the date it starts."),
    "why_duty_hours": ("Hvor mye støttearbeid vi regner med per støttevakt; det trekkes fra den avsatte tiden.",
                       "How much support work we expect per duty; it is taken from the protected time."),
    "rule_min_overlap": ("Kollegastøtten må være på jobb minst så mye av vakta", "The supporter must be at work this much of the shift"),
    "why_min_overlap": ("Kollegastøtten må være på jobb det meste av vakta – ellers er ingen der når noen ringer.",
                        "The supporter must be at work for most of the shift – otherwise nobody is there when someone calls."),
    "rule_separation": ("Kollegastøtten kommer fra en annen", "The supporter comes from another"),
    "sep_ward": ("post", "ward"),
    "sep_department": ("avdeling", "department"),
    "why_separation": ("Det er lettere å snakke med noen som ikke er nær kollega eller leder, så kollegastøtten kommer fra "
                       "en annen post (eller en annen avdeling).",
                       "It is easier to talk to someone who is not a close colleague or manager, so the supporter comes "
                       "from another ward (or another department)."),
    "rule_same_site": ("Bare fra samme sykehus", "Only from the same site"),
    "why_same_site": ("Med flere sykehus: bare kollegastøtter på samme sted, så de kan møte den som trenger det.",
                      "With several sites: only supporters at the same site, so they can meet the person in need."),
    "rule_redundancy": ("Reserve", "Backup"),
    "redundancy_1": ("én kollegastøtte", "one supporter"),
    "redundancy_2": ("også en reserve", "also a backup"),
    "why_redundancy": ("Med reserve er det alltid noen å ringe, også når den første er opptatt i en samtale.",
                       "With a backup there is always someone to call, even when the first is busy in a conversation."),
    "rule_max_on_duty_per_ward": ("Høyst så mange på støttevakt fra samme post samtidig", "At most this many on duty from one ward at once"),
    "why_max_on_duty_per_ward": ("Så ingen post mister flere folk til støttearbeid på en gang.",
                                 "So no ward loses several people to support work at once."),
    "rule_max_wards_per_duty": ("Høyst så mange poster per støttevakt", "At most this many wards per duty"),
    "why_max_wards_per_duty": ("Hvor mange poster én kollegastøtte har på en vakt (tomt = ingen grense). Færre poster, "
                               "mindre å bære på én vakt.",
                               "How many wards one supporter takes in one shift (empty = no limit). Fewer wards, less "
                               "to carry in one shift."),
    "rule_max_staff_per_duty": ("Høyst så mange ansatte per støttevakt", "At most this many staff per duty"),
    "why_max_staff_per_duty": ("Hvor mange ansatte på jobb én kollegastøtte er den å ringe for på en vakt (tomt = ingen "
                               "grense). Postene er ulike: én vakt kan dekke 3 ansatte, en annen 120. En post med flere "
                               "på jobb enn grensen står udekket, med grunnen.",
                               "How many staff at work one supporter is the call for in one shift (empty = no limit). "
                               "Wards differ: one duty may cover 3 staff, another 120. A ward with more at work than the "
                               "limit is left uncovered, with the reason."),
    "rule_fair_share_basis": ("Rettferdig andel regnes i", "Fair shares are counted in"),
    "basis_hours": ("timer", "hours"),
    "basis_exposure": ("ansatte dekket × timer", "staff covered × hours"),
    "why_fair_share_basis": ("Timer: hver vakt teller sine timer. Ansatte dekket × timer: en vakt for elleve poster teller "
                             "mer enn en for én liten post.",
                             "Hours: each duty counts its hours. Staff covered × hours: a duty for eleven wards counts more "
                             "than one for one small ward."),
    "rule_max_duties_per_day": ("Høyst så mange støttevakter per dag", "At most this many duties per day"),
    "why_max_duties_per_day": ("Det er tungt å være kollegastøtte; én støttevakt per dag holder belastningen nede.",
                               "Being a supporter is heavy; one duty a day keeps the load down."),
    "rule_max_duties_per_week": ("Høyst så mange støttevakter per uke", "At most this many duties per week"),
    "why_max_duties_per_week": ("Belastningen skal begrenses og følges opp. Kan settes lavere for én person i lista.",
                                "The load must be limited and followed up. Can be set lower for one person in the list."),
    "rule_max_consecutive_days": ("Høyst så mange dager på rad med støttevakt", "At most this many days in a row on duty"),
    "why_max_consecutive_days": ("Pauser mellom støttevaktene, så ingen bærer mange tunge dager på rad.",
                                 "Breaks between duties, so nobody carries many heavy days in a row."),
    "rule_max_duties_per_period": ("Høyst så mange støttevakter i perioden", "At most this many duties in the period"),
    "why_max_duties_per_period": ("Et tak for hele perioden (tomt = ingen grense), så belastningen kan følges over tid.",
                                  "A cap for the whole period (empty = no limit), to follow the load over time."),
    "rule_max_nights_per_period": ("Høyst så mange nattevakter i perioden", "At most this many nights in the period"),
    "why_max_nights_per_period": ("Kollegastøtte om natta er tyngst; begrens antall netter (tomt = ingen grense).",
                                  "Support at night is the heaviest; limit the nights (empty = no limit)."),
    "rule_protected_hours_per_week": ("Avsatt tid per uke (timer)", "Protected hours per week"),
    "why_protected_hours_per_week": ("Støttearbeidet gjøres i betalt, avsatt arbeidstid – ikke på dugnad. Støttevaktene "
                                     "bruker av denne tiden (tomt = ingen grense).",
                                     "Support work happens in paid, protected working time – never as volunteering. "
                                     "Duties use this time (empty = no limit)."),
    "rule_activity_weight": ("Hvor mye nylige samtaler teller", "How much recent conversations count"),
    "why_activity_weight": ("Den som nylig har hatt mange samtaler, får en mindre rettferdig andel. Bare antallet, aldri "
                            "hva de handlet om.",
                            "Someone with many recent conversations gets a smaller fair share. Only the number, never "
                            "what they were about."),
    "rule_horizon_start": ("Planlegg fra", "Plan from"),
    "why_horizon_start": ("Første dato som planlegges (tomt = første dato i turnusen).",
                          "First date planned (empty = the roster's first date)."),
    "rule_horizon_end": ("Planlegg til", "Plan to"),
    "why_horizon_end": ("Siste dato som planlegges (tomt = siste dato i turnusen).",
                        "Last date planned (empty = the roster's last date)."),
    "rule_night_shift_date": ("Nattevakta står i turnusen på", "The night shift is dated in the roster on"),
    "night_start": ("dagen den begynner", "the day it starts"),
    "night_most_hours": ("dagen med flest timer", "the day with more hours"),
    "why_night_shift_date": ("Slik turnussystemet skriver nattevakter. Feil valg flytter nettene én dag.",
                             "As the roster system dates night shifts. The wrong choice moves nights by a day."),
    "rule_workers": ("Samtidige regnetråder", "Parallel workers"),
    "why_workers": ("Én tråd er raskest og gir samme svar hver gang på små maskiner. Hvor lenge det får regne, velger "
                    "du på «Lag vaktplan».",
                    "One worker is fastest and gives the same answer every time on small machines. How long it may "
                    "work is chosen on «Make the rota»."),
    # plan
    "plan_title": ("Lag vaktplanen", "Make the rota"),
    "plan_intro": ("Vaktplanen gir først så mange vakter som mulig en kollegastøtte å ringe, innenfor reglene, og "
                   "fordeler så belastningen rettferdig. Siden kan brukes mens den lages, og du kan stoppe og beholde "
                   "den beste planen så langt.",
                   "The rota first gives as many shifts as possible a supporter to call, within the rules, then shares "
                   "the load fairly. The page stays usable while it works, and you can stop and keep the best rota so far."),
    "plan_period": ("**Periode:** {first} – {last} ({weeks} uker)", "**Period:** {first} – {last} ({weeks} weeks)"),
    "metric_wards": ("Poster", "Wards"),
    "metric_supporters": ("Kollegastøtter", "Supporters"),
    "metric_ward_slots": ("Vakter som trenger kollegastøtte", "Shifts needing support"),
    "metric_ward_slots_help": ("Hver vakt (dag, kveld, natt) på hver post der noen er på jobb, skal ha en kollegastøtte "
                               "å ringe.", "Every shift (day, evening, night) in every ward with someone at work needs "
                               "a supporter to call."),
    "plan_uses_edits": ("Planen bruker endringene dine i regler og oppfølging.",
                        "The plan uses your changes to rules and follow-up."),
    "time_limit": ("Hvor lenge den får regne (sekunder)", "How long it may work (seconds)"),
    "time_limit_help": ("Gjelder hele planleggingen: å bygge modellen, målene og å legge ut vaktplanen. Lenger tid kan gi "
                        "en bedre plan. Du kan stoppe før.",
                        "Covers the whole planning: building the model, the goals and laying out the rota. More time may "
                        "give a better rota. You can stop earlier."),
    "measure_limits": ("Finn ut hvilke regler som hindrer dekning", "Find out which rules stand in the way"),
    "measure_limits_help": ("Når noen vakter står uten kollegastøtte: prøver igjen med én regel løsnet om gangen, og sier "
                            "hvilken som ville hjulpet mest (tar litt ekstra tid).",
                            "When some shifts have no supporter: tries again with one rule relaxed at a time, and says "
                            "which would help most (takes extra time)."),
    "replan_minimal": ("Endre minst mulig i den publiserte planen", "Change the published rota as little as possible"),
    "replan_minimal_help": ("Beholder flest mulig av støttevaktene i den siste publiserte planen.",
                            "Keeps as many duties of the latest published rota as possible."),
    "replan_needs_publication": ("Krever en vaktplan å endre: lag en på «Lag vaktplan» først.",
                                 "Needs a rota to change: make one on «Make the rota» first."),
    "replan_base": ("Ny plan", "New plan"),
    "replan_base_draft": ("Endre minst mulig i utkastet (planen over)", "Change the draft (the plan above) as little as possible"),
    "replan_base_published": ("Endre minst mulig i den publiserte planen", "Change the published rota as little as possible"),
    "replan_base_fresh": ("Lag en helt ny plan", "Make a completely new plan"),
    "replan_base_help": ("Låser eller forbyr du én støttevakt, flyttes ellers mange andre også. «Endre minst mulig» "
                         "beholder flest mulig av støttevaktene som er der nå.",
                         "Locking or forbidding one duty otherwise moves many others too. «As little as possible» "
                         "keeps as many of the present duties as it can."),
    "replan_keeps_draft": ("Beholder flest mulig av støttevaktene i utkastet.", "Keeps as many of the draft's duties as possible."),
    "replan_keeps_published": ("Beholder flest mulig av støttevaktene i den publiserte planen.",
                               "Keeps as many duties of the published rota as possible."),
    "pins_active_one": ("{n} låst eller forbudt støttevakt brukes", "{n} locked or forbidden duty applies"),
    "pins_active_many": ("{n} låste eller forbudte støttevakter brukes", "{n} locked or forbidden duties apply"),
    "pins_active": ("Låste eller forbudte støttevakter som brukes: {n}", "Locked or forbidden duties that apply: {n}"),
    "plan_button": ("Lag vaktplan", "Make the rota"),
    "plan_interrupted": ("Planleggingen ble avbrutt fordi serveren startet på nytt. Filene og valgene dine er tatt vare "
                         "på – trykk «Lag vaktplan» igjen.",
                         "Planning was interrupted because the server restarted. Your files and choices are kept – "
                         "press «Make the rota» again."),
    "progress_title": ("Slik går det", "Progress"),
    "starting": ("Starter …", "Starting …"),
    "progress_text": ("Steg {n} av {of}: {tier}", "Step {n} of {of}: {tier}"),
    "progress_limits": ("Finner ut hvilke regler som hindrer dekning …", "Finding out which rules stand in the way …"),
    "waiting_turn": ("Venter på tur: {plans} lages før denne. Serveren lager én vaktplan om gangen, så hver får hele "
                     "maskinen.",
                     "Waiting: {plans} before this one. The server makes one rota at a time, so each gets the whole "
                     "machine."),
    "plan_one": ("{n} annen vaktplan", "{n} other rota"),
    "plan_many": ("{n} andre vaktplaner", "{n} other rotas"),
    "stop_waiting": ("Ikke vent, avbryt", "Do not wait, cancel"),
    "metric_coverage": ("Med kollegastøtte så langt", "With a supporter so far"),
    "metric_sure": ("Kan dette steget bli bedre?", "Can this step get better?"),
    "sure_yes": ("Nei, bevist best", "No, proven best"),
    "sure_not_yet": ("Kanskje", "Perhaps"),
    "progress_building": ("Bygger regnestykket: alle poster, vakter og kollegastøtter (for et helt år tar det noen "
                          "sekunder) …", "Building the model: every ward, shift and supporter (a whole year takes a "
                          "few seconds) …"),
    "progress_rota": ("Planleggeren er ferdig med å lete. Setter opp vaktplanen og finner grunnen til hver vakt uten "
                      "kollegastøtte …", "The planner has finished searching. Laying out the rota and finding the reason "
                      "for each shift without a supporter …"),
    "progress_tables": ("Lager tabellene (dekning og belastning) …", "Making the tables (coverage and burden) …"),
    "progress_saving": ("Lagrer vaktplanen i utkastet …", "Saving the rota in the draft …"),
    "progress_steps_done": ("Ferdige steg: {proven} bevist best, {open} ikke bevist.",
                            "Steps done: {proven} proven best, {open} not proven."),
    "stopped_compare_title": ("Stoppet før tiden: slik er denne planen mot den forrige", "Stopped early: this plan against the last one"),
    "stopped_compare_ratio": ("Den travleste: {now} × andelen (forrige plan: {before}).",
                              "The busiest: {now} × their share (last plan: {before})."),
    "stopped_compare_uncovered": ("Vakter uten kollegastøtte: {now} (forrige plan: {before}).",
                                  "Shifts without a supporter: {now} (last plan: {before})."),
    "stopped_compare_changes": ("Endringer fra forrige plan: {n}.", "Changes from the last plan: {n}."),
    "stopped_compare_worse": ("Den forrige planen var bedre på noe over. Lag planen på nytt med mer tid før du publiserer.",
                              "The last plan was better on something above. Plan again with more time before you publish."),
    "stopped_compare_none": ("Det fantes ingen plan før denne å sammenligne med.", "There was no plan before this one to compare with."),
    "metric_sure_help": ("Planleggeren vet hvor godt det i beste fall kan bli (grense: {bound}); avstanden dit (gap) er "
                         "{gap}. 0 % betyr bevist best.",
                         "The planner knows how good it can be at best (bound: {bound}); the distance to it (gap) is "
                         "{gap}. 0% means proven best."),
    "metric_elapsed": ("Tid brukt", "Time used"),
    "stop_button": ("Stopp og behold beste plan", "Stop and keep the best rota"),
    "stop_help": ("Stopper; den beste planen så langt beholdes.", "Stops; the best rota so far is kept."),
    "stopping": ("Stopper …", "Stopping …"),
    "progress_step_value_bound": ("Steg {n} av {of}: {value} (ikke bevist best; ingen plan kan komme under {bound})",
                                  "Step {n} of {of}: {value} (not proven best; no rota can get below {bound})"),
    "progress_step_value_proven": ("Steg {n} av {of}: {value} (bevist best mulig)",
                                   "Step {n} of {of}: {value} (proven best possible)"),
    "progress_step_done": ("Steg {n}: {tier} — {value} ({proof})", "Step {n}: {tier} — {value} ({proof})"),
    "step_proven": ("bevist best mulig", "proven best possible"),
    "step_open": ("ikke bevist; grense {bound}", "not proven; bound {bound}"),
    "interim_title": ("Den første rettferdige planen er klar (etter steg {n} av {of})",
                      "The first fair rota is ready (after step {n} of {of})"),
    "interim_newer": ("Planen er klar etter steg {n} av {of}", "The rota is ready after step {n} of {of}"),
    "interim_intro": ("Planleggeren gjør den bedre i bakgrunnen. Du kan bruke denne planen nå, eller vente på en bedre.",
                      "The planner keeps improving it in the background. You can use this rota now, or wait for a "
                      "better one."),
    "interim_last_intro": ("Alle steg er ferdige. Planleggeren finner nå ut hvilke regler som hindrer dekning, og "
                           "lagrer planen. Du kan bruke denne planen nå.",
                           "Every step is done. The planner is now finding which rules stand in the way of coverage, "
                           "and saving the rota. You can use this rota now."),
    "interim_busiest": ("Den travleste", "The busiest"),
    "interim_busiest_value": ("{x} × andelen", "{x} × their share"),
    "interim_fair_proven": ("Rettferdigheten er bevist best mulig.", "The fairness is proven best possible."),
    "interim_fair_open": ("Rettferdigheten er ikke bevist best: ingen plan kan få den travleste under {x} × andelen.",
                          "The fairness is not proven best: no rota can bring the busiest below {x} × their share."),
    "take_now_button": ("Bruk denne planen nå", "Use this rota now"),
    "take_now_help": ("Stopper planleggeren og lagrer denne planen i utkastet, så du kan se på den og publisere den "
                      "straks.", "Stops the planner and saves this rota in the draft, so you can look at it and "
                      "publish it at once."),
    "taken_early_note": ("Denne planen ble tatt i bruk etter steg {n} av {of}; stegene etter ble ikke gjort ferdig.",
                         "This rota was taken after step {n} of {of}; the steps after it were not finished."),
    "plan_stopped_before_any": ("Stoppet før den første planen var klar, så det er ingen ny plan. Utkastet er som før.",
                                "Stopped before the first rota was ready, so there is no new rota. The draft is as it was."),
    "plan_failed": ("Planleggingen stoppet på grunn av en feil i programmet. Prøv igjen; skjer det igjen, si fra til "
                    "den som drifter appen (feilen står i serverloggen).",
                    "Planning stopped because of an error in the program. Try again; if it happens again, tell whoever "
                    "runs the app (the error is in the server log)."),
    "plan_input_problem": ("Vaktplanen kan ikke lages med disse valgene:", "The rota cannot be made with these choices:"),
    "no_plan_yet": ("Ingen vaktplan ennå. Trykk «Lag vaktplan».", "No rota yet. Press «Make the rota»."),
    "result_title": ("Resultat", "Result"),
    "result_made": ("Laget {when}.", "Made {when}."),
    "plan_stale": ("Filene eller valgene er endret etter at denne vaktplanen ble laget. Lag den på nytt før du publiserer.",
                   "The files or choices changed after this rota was made. Make it again before you publish."),
    "status_OPTIMAL": ("Den beste mulige vaktplanen (bevist for hvert mål).", "The best possible rota (proven for every goal)."),
    "status_FEASIBLE": ("En god vaktplan, men ikke bevist best i tiden den fikk.", "A good rota, not proven best in the time it had."),
    "status_STOPPED": ("Stoppet: den beste vaktplanen så langt.", "Stopped: the best rota so far."),
    "status_NO_SOLUTION": ("Tiden gikk ut før planleggeren fant noe bedre; startplanen brukes.",
                           "Time ran out before the planner found anything better; the starting rota is used."),
    "status_INFEASIBLE": ("Låste støttevakter bryter en grense; fjern eller endre låsene.",
                          "Locked duties break a limit; remove or change the locks."),
    "metric_covered": ("Med kollegastøtte", "With a supporter"),
    "metric_covered_of": ("{covered} av {of} vakter som trenger kollegastøtte.", "{covered} of {of} shifts that need a supporter."),
    "metric_uncovered": ("Uten kollegastøtte", "Without a supporter"),
    "metric_duties": ("Støttevakter", "Duties"),
    "metric_on_duty": ("Kollegastøtter i bruk", "Supporters used"),
    "metric_time": ("Tid", "Time"),
    "changes_title": ("Endringer fra {against}: {n}", "Changes from {against}: {n}"),
    "changes_vs_published": ("den publiserte planen", "the published rota"),
    "changes_vs_draft": ("forrige utkast", "the previous draft"),
    "changes_none": ("Ingen støttevakter er endret.", "No duty changed."),
    "col_change": ("Endring", "Change"),
    "change_added": ("får støttevakt", "gets the duty"),
    "change_removed": ("mister støttevakt", "loses the duty"),
    "tiers_not_begun": ("{n} mål til ble ikke påbegynt: tiden var brukt opp. Gi planen mer tid for å få dem med.",
                        "{n} more goals were not begun: the time was used up. Give the plan more time to include them."),
    "tiers_title": ("Målene, i den rekkefølgen de teller", "The goals, in the order they count"),
    "tiers_help": ("Planleggeren tar ett mål om gangen og holder fast på det den har nådd før den går videre. «Bevist "
                   "best» betyr at ingen vaktplan kan gjøre det bedre på det målet.",
                   "The planner takes one goal at a time and keeps what it reached before moving on. «Proven best» "
                   "means no rota can do better on that goal."),
    "col_tier": ("Mål", "Goal"),
    "col_value": ("Oppnådd", "Reached"),
    "col_bound": ("Beste mulige (grense)", "Best possible (bound)"),
    "col_gap": ("Avstand (gap)", "Distance (gap)"),
    "col_status": ("Status", "Status"),
    "col_seconds": ("Sekunder", "Seconds"),
    "solver_numbers": ("Tall fra planleggeren", "Numbers from the planner"),
    "solver_numbers_help": ("For den som vil se mer: «grense» er det beste planleggeren vet er mulig for hvert mål; "
                            "«gap» er avstanden mellom det oppnådde og grensen (0 % = bevist best).",
                            "For the curious: «bound» is the best the planner knows is possible for each goal; «gap» is "
                            "the distance between what was reached and the bound (0% = proven best)."),
    "tier_optimal": ("bevist best", "proven best"),
    "tier_not_proven": ("ikke bevist best", "not proven best"),
    "fair_title": ("Rettferdig fordeling", "Fair share of the load"),
    "fair_busiest": ("Den travleste har {x} × sin rettferdige andel.", "The busiest carries {x} × their fair share."),
    "fair_bound_proven": ("Ingen plan kan gjøre det bedre: det er bevist at minst én må ha {x} × sin andel.",
                          "No rota can do better: it is proven that someone must carry {x} × their share."),
    "fair_bound_open": ("Bevist nedre grense: ingen plan kan gi den travleste under {x} × andelen.",
                        "Proven lower bound: no rota can give the busiest less than {x} × their share."),
    "fair_above_flag": ("{n} over {flag} × andelen (grensen for oppfølging).",
                        "{n} above {flag} × their share (the follow-up line)."),
    "fair_forced": ("Dekningen krever det: {group} trenger {duties} vakter, og bare {n} kan ta dem.",
                    "Coverage needs it: {group} needs {duties} duties, and only {n} can take them."),
    "fair_price": ("Prisen for rettferdighet: {extra} flere enn færrest mulig ({fewest}).",
                   "The price of fairness: {extra} more than the fewest possible ({fewest})."),
    "fair_price_bound": ("Prisen for rettferdighet: høyst {extra} flere enn færrest mulig (minst {fewest}).",
                         "The price of fairness: at most {extra} more than the fewest possible (at least {fewest})."),
    "duties_n_one": ("1 vakt", "1 duty"),
    "duties_n_many": ("{n} vakter", "{n} duties"),
    "fair_price_needed": ("Så jevn fordeling krever minst {needed} vakter (bevist); denne planen har {duties}.",
                          "A burden this even needs at least {needed} duties (proven); this plan has {duties}."),
    "fair_help": ("Rettferdig andel = støttetimene dekningen trenger (så få som mulig), delt etter hvor mye "
                  "beskyttet tid hver har de ukene de er tilgjengelige, og litt mindre for dem som nylig har hatt mange "
                  "samtaler. Hele vakter gjør at 1,0 sjelden er mulig for alle: med en andel på 3,5 vakter er 4 vakter "
                  "1,14 og 5 vakter 1,43.",
                  "Fair share = the support hours the coverage needs (as few as possible), split by how much protected "
                  "time each has in the weeks they are available, a little less for those with many recent "
                  "conversations. Whole duties make 1.0 rarely possible for all: with a share of 3.5 duties, 4 duties "
                  "is 1.14 and 5 is 1.43."),
    "priorities_title": ("Hva planen prioriterer, i rekkefølge", "What the plan puts first, in order"),
    "priorities_help": ("Hvert trinn holdes når det neste forbedres: ingen rettferdighet koster en udekket vakt. "
                        "Koordinatoren kan velge en annen rekkefølge med «priorities» i regelfilen.",
                        "Each step is kept while the next is improved: no fairness costs an uncovered shift. The "
                        "coordinator can choose another order with «priorities» in the rules file."),
    "col_priority": ("Trinn", "Step"),
    "fair_bound_short": ("bevist minst {x}", "proven at least {x}"),
    "col_why": ("Hvorfor", "Why"),
    "limits_title": ("Hvilke regler hindrer dekning", "Which rules stand in the way"),
    "limits_none_needed": ("Alle vakter har kollegastøtte – ingen regel står i veien.",
                           "Every shift has a supporter – no rule is in the way."),
    "limits_not_measured": ("Ikke undersøkt denne gangen (slått av, stoppet, eller ingen er på jobb som kan dekke).",
                            "Not checked this time (switched off, stopped, or nobody who may cover is at work)."),
    "limits_no_gain": ("Å løsne én regel alene gir ikke flere vakter kollegastøtte.",
                       "Relaxing one rule alone gives no more shifts a supporter."),
    "limit_line": ("{label}: {more} ({proof})", "{label}: {more} ({proof})"),
    "more_slot_one": ("{n} vakt til ville fått kollegastøtte", "{n} more shift would get a supporter"),
    "more_slot_many": ("{n} vakter til ville fått kollegastøtte", "{n} more shifts would get a supporter"),
    "proven": ("sikkert", "certain"),
    "not_proven": ("anslag", "estimate"),
    "uncovered_hint": ("{n} vakter står uten kollegastøtte; {fundamental} av dem fordi ingen som kan ta dem, er på jobb. "
                       "Se «Dekning» for grunnen til hver.",
                       "{n} shifts have no supporter; {fundamental} of them because nobody who may take them is at "
                       "work. See «Coverage» for each reason."),
    "next_coverage": ("Se dekningen", "See coverage"),
    "next_burden": ("Se belastningen", "See the burden"),
    "next_publish": ("Publiser", "Publish"),
    # coverage
    "coverage_title": ("Dekning på posten", "Coverage in the ward"),
    "coverage_intro": ("Hvem ringer vi i dag, i natt og resten av uka – og har hver vakt en kollegastøtte?",
                       "Whom do we call today, tonight and the rest of the week – and does every shift have a supporter?"),
    "filter_ward": ("Post", "Ward"),
    "all_wards": ("Alle poster", "All wards"),
    "week_title": ("Uka", "The week"),
    "week_pick_ward": ("Velg posten din over for å se hvem dere ringer hver dag denne uka.",
                       "Pick your ward above to see whom you call each day this week."),
    "week_choice": ("Uke", "Week"),
    "week_label": ("Uke {week} ({first}–{last})", "Week {week} ({first}–{last})"),
    "week_help": ("«Ingen på jobb»: posten har ingen på jobb den vakta, så ingen kollegastøtte trengs. «Ingen "
                  "kollegastøtte»: se hvem de ansatte ringer da, nederst på oppslaget (reserveordningen).",
                  "«Nobody at work»: the ward has no one at work that shift, so no supporter is needed. «No "
                  "supporter»: see whom staff call then at the foot of the notice (the fallback chain)."),
    "col_day": ("Dag", "Day"),
    "slot_heading_dag": ("Dagvakt", "Day shift"),
    "slot_heading_kveld": ("Kveldsvakt", "Evening shift"),
    "slot_heading_natt": ("Nattevakt", "Night shift"),
    "today": ("i dag", "today"),
    "now": ("nå", "now"),
    "tonight": ("i natt", "tonight"),
    "call": ("Ring", "Call"),
    "uncovered_more": ("… og {n} til. Velg en post over for å se alle dens, eller last ned dekningen (Last ned).",
                       "… and {n} more. Pick a ward above to see all of its, or download the coverage (Download)."),
    "week_uncovered": ("Ingen kollegastøtte – reserveordningen gjelder", "No supporter – the fallback chain applies"),
    "week_no_need": ("ingen på jobb", "nobody at work"),
    "period_title": ("Hele perioden", "The whole period"),
    "status_short_OPTIMAL": ("bevist best", "proven best"),
    "status_short_FEASIBLE": ("god, ikke bevist best", "good, not proven best"),
    "status_short_STOPPED": ("stoppet", "stopped"),
    "status_short_NO_SOLUTION": ("startplan", "starting rota"),
    "status_short_INFEASIBLE": ("låser i konflikt", "conflicting locks"),
    "status_covered": ("kollegastøtte", "supporter"),
    "status_covered_backup": ("kollegastøtte og reserve (R)", "supporter and backup (R)"),
    "status_uncovered": ("ingen kollegastøtte (!)", "no supporter (!)"),
    "col_date": ("Dato", "Date"),
    "col_slot": ("Vakt", "Shift"),
    "col_ward": ("Post", "Ward"),
    "col_headcount": ("Ansatte på jobb", "Staff at work"),
    "col_call": ("Ring", "Call"),
    "col_backup": ("Reserve", "Backup"),
    "col_reason": ("Hvorfor", "Why"),
    "heatmap_help": ("Hver rute er én vakt på posten. Tom rute: ingen på jobb den vakta, så ingen kollegastøtte trengs.",
                     "Each cell is one shift in the ward. Empty cell: nobody at work that shift, so no supporter is needed."),
    "uncovered_title": ("Vakter uten kollegastøtte, og hvorfor", "Shifts without a supporter, and why"),
    "uncovered_pick_ward": ("Velg en post over for å se uka og endre enkeltvakter.",
                            "Pick a ward above to see its week and change single duties."),
    "all_covered": ("Alle vakter har en kollegastøtte.", "Every shift has a supporter."),
    "reasons_language_note": ("Grunnene står på språket vaktplanen ble laget på.", "Reasons are in the language the rota was made in."),
    "no_demand": ("Ingen vakter trenger kollegastøtte.", "No shift needs a supporter."),
    "notice_title": ("Oppslag for posten", "Ward notice"),
    "notice_help": ("Til å skrive ut og henge opp på vaktrommet: hvem dere ringer hver vakt.",
                    "To print and put up in the staff room: whom to call each shift."),
    "notice_ward": ("Post for oppslaget", "Ward for the notice"),
    "download_notice": ("Last ned oppslaget (HTML)", "Download the notice (HTML)"),
    "notice_preview": ("Se oppslaget", "Preview the notice"),
    "who_covers_table": ("Tabell: hvem har hver vakt", "Table: who has each shift"),
    "overview_uncovered": ("vakter uten kollegastøtte", "shifts without a supporter"),
    "overview_thin": ("uten reserve", "without a backup"),
    "overview_ok": ("alle vakter har kollegastøtte", "every shift has a supporter"),
    "overview_week": ("uke {week} (fra {first})", "week {week} (from {first})"),
    "overview_weeks_axis": ("Uke (første dag)", "Week (its Monday)"),
    "col_ward_slots_week": ("Vakter som trenger kollegastøtte", "Shifts that need a supporter"),
    "overview_help": ("Én rute per post og uke; tallet er vaktene uten kollegastøtte den uka. Postene med flest slike "
                      "vakter står øverst. Klikk en rute for å se posten den uka.",
                      "One cell per ward and week; the number is the shifts without a supporter that week. The wards "
                      "with most such shifts are at the top. Click a cell to see that ward's week."),
    "overview_first_title": ("Se på først", "Look at first"),
    "overview_go_to": ("Gå til posten og uka", "Go to the ward and week"),
    "overview_go_to_pick": ("Velg …", "Choose …"),
    "overview_problem": ("{ward}, uke {week} (fra {first}): {what}", "{ward}, week {week} (from {first}): {what}"),
    "overview_n_uncovered_one": ("1 vakt uten kollegastøtte", "1 shift without a supporter"),
    "overview_n_uncovered_many": ("{n} vakter uten kollegastøtte", "{n} shifts without a supporter"),
    "overview_n_thin_one": ("1 vakt uten reserve", "1 shift without a backup"),
    "overview_n_thin_many": ("{n} vakter uten reserve", "{n} shifts without a backup"),
    "overview_weeks_one": ("1 uke å se på", "1 week to look at"),
    "overview_weeks_many": ("{n} uker å se på", "{n} weeks to look at"),
    # burden
    "burden_title": ("Belastning per kollegastøtte", "Burden per supporter"),
    "burden_intro": ("Er belastningen rettferdig og innenfor grensene? Den rettferdige andelen følger den avsatte tiden, "
                     "og blir mindre for den som nylig har hatt mange samtaler.",
                     "Is the load fair and within limits? The fair share follows the protected time, and is smaller for "
                     "someone with many recent conversations."),
    "metric_max_ratio": ("Største belastning", "Largest load"),
    "metric_max_ratio_help": ("Timer med støttevakt delt på den rettferdige andelen. 1 = akkurat sin andel.",
                              "Duty hours divided by the fair share. 1 = exactly one's share."),
    "times_share": ("{x} × andelen", "{x} × the share"),
    "metric_nights": ("Nattevakter", "Nights"),
    "metric_weekends": ("Helgevakter", "Weekend duties"),
    "hours_vs_target": ("Timer mot rettferdig andel", "Hours against fair share"),
    "burden_find": ("Finn kollegastøtter", "Find supporters"),
    "burden_find_placeholder": ("Skriv et navn for å søke", "Type a name to search"),
    "burden_sort": ("Rekkefølge", "Order"),
    "burden_sort_ratio": ("Størst belastning først", "Largest load first"),
    "burden_sort_duties": ("Flest støttevakter først", "Most duties first"),
    "burden_sort_nights": ("Flest netter først", "Most nights first"),
    "burden_sort_weekends": ("Flest helgevakter først", "Most weekend duties first"),
    "burden_sort_hours": ("Flest timer først", "Most hours first"),
    "burden_sort_name": ("Navn (A–Å)", "Name (A–Z)"),
    "burden_shown": ("Vis", "Show"),
    "burden_shown_top": ("De {n} første", "The first {n}"),
    "burden_shown_all": ("Alle {n}", "All {n}"),
    "burden_shown_caption": ("Viser de {n} første av {of}. Alle står i tabellen nederst.",
                             "Showing the first {n} of {of}. Everyone is in the table at the bottom."),
    "hours_vs_target_help": ("Blå stolpe = timer med støttevakt; oransje strek = rettferdig andel; tallet = timer delt "
                             "på andelen.", "Blue bar = duty hours; orange tick = fair share; the number = hours "
                             "divided by the share."),
    "why_load_title": ("Hvorfor er belastningen slik?", "Why is the load like this?"),
    "burden_exposure_basis": ("Rettferdig andel regnes her i ansatte dekket × timer (regelen fair_share_basis): stolpen er "
                              "eksponeringen, ikke timene.",
                              "Fair shares are counted here in staff covered × hours (the rule fair_share_basis): the bar "
                              "is the exposure, not the hours."),
    "col_exposure": ("Ansatte dekket × timer", "Staff covered × hours"),
    "why_load_ratio_exposure": ("**{who}** er den å ringe for {hours} ansatt-timer; den rettferdige andelen er {target} – "
                                "{ratio} ganger andelen.",
                                "**{who}** is the call for {hours} staff-hours; the fair share is {target} – {ratio} times "
                                "the share."),
    "why_load_pick": ("Kollegastøtte", "Supporter"),
    "why_load_ratio": ("**{who}** har {hours} timer med støttevakt; den rettferdige andelen er {target} timer – {ratio} "
                       "ganger andelen.",
                       "**{who}** has {hours} duty hours; the fair share is {target} hours – {ratio} times the share."),
    "why_load_protected": ("Avsatt tid: {hours} timer per uke. Mer avsatt tid gir større andel.",
                           "Protected time: {hours} hours per week. More protected time gives a larger share."),
    "why_load_unprotected": ("Ingen grense for avsatt tid per uke er satt for denne personen.",
                             "No protected hours per week are set for this person."),
    "why_load_weeks": ("På jobb og tilgjengelig i {n} av {of} uker; færre uker gir mindre andel.",
                       "At work and available in {n} of {of} weeks; fewer weeks give a smaller share."),
    "why_load_activity": ("Andelen er gjort mindre for {n} samtaler siste periode.",
                          "The share is made smaller for {n} conversations last period."),
    "why_load_only_one": ("{n} av {of} støttevakter var på vakter der ingen andre som kan dekke de postene, var på jobb – "
                          "dem kunne ingen andre tatt.",
                          "{n} of {of} duties were in shifts where nobody else who may cover those wards was at work – "
                          "nobody else could have taken them."),
    "why_load_published": ("For en publisert vaktplan uten turnusen lastet opp kan vi ikke si hvem andre som var på jobb.",
                           "For a published rota without the roster uploaded, we cannot tell who else was at work."),
    "duties_vs_limits": ("Støttevakter, netter og helger mot grensen", "Duties, nights and weekends against the limit"),
    "duties_vs_limits_help": ("Svart strek = høyeste antall støttevakter i perioden ({weeks} uker).",
                              "Black tick = the most duties allowed in the period ({weeks} weeks)."),
    "col_supporter": ("Kollegastøtte", "Supporter"),
    "col_pin": ("Låst/forbudt", "Locked/forbidden"),
    "duty_actions_title": ("Endre én støttevakt", "Change one duty"),
    "duty_actions_help": ("Klikk på en rad: lås støttevakta (den blir stående), forby den (den kommer ikke igjen), eller "
                          "gi den til en annen. Lag så planen på nytt – resten endres minst mulig.",
                          "Click a row: lock the duty (it stays), forbid it (it will not come back), or give it to "
                          "someone else. Then make the plan again – the rest changes as little as possible."),
    "duty_pick": ("Klikk på en støttevakt i tabellen for å låse, forby eller bytte den.",
                  "Click a duty in the table to lock, forbid or swap it."),
    "duty_lock": ("Lås", "Lock"),
    "duty_forbid": ("Forby", "Forbid"),
    "duty_swap_with": ("Gi vakta til", "Give the duty to"),
    "duty_swap_placeholder": ("Velg en som er på jobb da", "Pick someone at work then"),
    "duty_swap": ("Bytt", "Swap"),
    "duty_unpin": ("Fjern låsen eller forbudet", "Remove the lock or the ban"),
    "duty_replan": ("Lag planen på nytt med endringene ({n}); resten endres minst mulig",
                    "Make the plan again with the changes ({n}); the rest changes as little as possible"),
    "col_home_ward": ("Egen post", "Home ward"),
    "col_duties": ("Støttevakter", "Duties"),
    "col_nights": ("Netter", "Nights"),
    "col_weekend_duties": ("Helger", "Weekends"),
    "col_hours": ("Timer", "Hours"),
    "col_target": ("Rettferdig andel (timer)", "Fair share (hours)"),
    "col_load_ratio": ("Belastning", "Load"),
    "col_limit_period": ("Grense i perioden", "Limit for the period"),
    "followup_title": ("Oppfølging: nylige samtaler og dager en ikke er tilgjengelig",
                       "Follow-up: recent conversations and days someone is unavailable"),
    "counts_only_long": ("Her skrives bare antall samtaler siste periode – aldri hvem, hva eller hvorfor. Ingenting fra "
                         "samtalene lagres noe sted. «Ikke tilgjengelig» er bare datoene, for eksempel etter en tung sak.",
                         "Only the number of conversations last period goes here – never who, what or why. Nothing from "
                         "conversations is stored anywhere. «Unavailable» is only the dates, for example after a heavy case."),
    "followup_needs_inputs": ("Last opp filene (eller eksempeldata) for å skrive inn oppfølging.",
                              "Upload the files (or sample data) to enter follow-up."),
    "apply_followup": ("Bruk oppfølgingen", "Apply follow-up"),
    "bad_dates": ("{who}: kunne ikke lese {parts}", "{who}: could not read {parts}"),
    "followup_saved": ("Lagret til neste vaktplan ({n} endret).", "Saved for the next rota ({n} changed)."),
    "grid_title": ("Lås eller forby støttevakter", "Lock or forbid duties"),
    "grid_help": ("Én rad per kollegastøtte, én kolonne per dag. Skriv i en celle og trykk Enter (ned) eller Tab "
                  "(neste dag): en vakt, gjerne bare første bokstav («n»: den skal komme), «lås natt» («l n»: den skal "
                  "stå) eller «forby natt» («f n»: den skal ikke komme); to vakter med «+». Tøm en celle for å ta bort "
                  "støttevakta. Trykk så «Lagre låsene» og lag vaktplanen på nytt.",
                  "One row per supporter, one column per day. Type in a cell and press Enter (down) or Tab (next "
                  "day): a shift, its first letter will do («n»: it must come), «lock natt» («l n»: it stays) or "
                  "«forbid natt» («f n»: it must not come); two shifts with «+». Clear a cell to take the duty away. "
                  "Then press «Save the locks» and make the rota again."),
    "grid_cell_help": ("En vakt («n»), «l n» låst, «f n» forbudt, tom: ingen.",
                       "A shift («n»), «l n» locked, «f n» forbidden, empty: none."),
    "grid_cell_problem": ("Rad {row} ({name}), {day}: {problem} Ingenting er lagret ennå.",
                          "Row {row} ({name}), {day}: {problem} Nothing is saved yet."),
    "grid_needs_rota": ("Lag eller velg en vaktplan først, så vises rutenettet her.", "Make or pick a rota first; the grid shows here."),
    "col_week_duties": ("Denne uka", "This week"),
    "lock_word": ("låst", "locked"),
    "forbid_word": ("forbudt", "forbidden"),
    "col_action": ("Låst / forbudt", "Locked / forbidden"),
    "save_pins": ("Lagre låsene", "Save the locks"),
    "bad_pins": ("Kunne ikke lese: {rows}", "Could not read: {rows}"),
    "replan_button": ("Lag ny plan med minst mulig endring", "Re-plan with as little change as possible"),
    "replan_help": ("Ny vaktplan med oppfølgingen og låsene, som endrer færrest mulig støttevakter i den publiserte planen.",
                    "A new rota with the follow-up and locks, changing as few duties of the published rota as possible."),
    "col_wards_covered": ("Poster", "Wards"),
    # export
    "export_title": ("Last ned", "Download"),
    "export_intro": ("Last ned vaktplanen som tabeller, som én Excel-fil, som kalendere og som oppslag. Hver fil "
                     "lages når du klikker på knappen; for et helt år kan det ta noen sekunder, og knappen viser at den "
                     "arbeider til filen kommer.",
                     "Download the rota as tables, as one Excel file, as calendars and as notices. Each file is made "
                     "when you click its button; for a whole year that can take a few seconds, and the button shows "
                     "it is working until the file comes."),
    "export_tables": ("Tabeller", "Tables"),
    "export_tables_help": ("«For Excel» åpnes rett i norsk Excel (semikolon, desimalkomma). Den vanlige CSV-filen er "
                           "for andre programmer.",
                           "«For Excel» opens straight in Norwegian Excel (semicolons, decimal comma). The plain CSV "
                           "file is for other programs."),
    "download_excel_csv": ("{name} for Excel", "{name} for Excel"),
    "download_plain_csv": ("{file} (for andre programmer)", "{file} (for other programs)"),
    "table_name_assignments": ("Hvem dekker hver vakt", "Who covers each shift"),
    "table_name_duties": ("Støttevakter", "Duties"),
    "table_name_burden": ("Belastning", "Burden"),
    "table_name_coverage": ("Dekning", "Coverage"),
    "table_file_assignments": ("hvem_dekker", "who_covers"),
    "table_file_duties": ("stottevakter", "duties"),
    "table_file_burden": ("belastning", "burden"),
    "table_file_coverage": ("dekning", "coverage"),
    # the tables for people (the Excel CSVs): headers and coded words
    # (from scheduler/io/table_words.py: rota.xlsx and its checker say the same)
    **{f"xcol_{column}": pair for column, pair in HEADERS.items()},
    **{f"xword_{word}": pair for word, pair in WORDS.items()},
    "table_assignments": ("Hvem som dekker hver vakt på hver post", "Who covers each shift in each ward"),
    "table_duties": ("Hver kollegastøttes støttevakter", "Each supporter's duties"),
    "table_burden": ("Belastning per kollegastøtte", "Burden per supporter"),
    "table_coverage": ("Dekning per post og vakt", "Coverage per ward and shift"),
    "table_on_call": ("Hvem som er i beredskap hjemmefra der ingen på stedet dekker (id og telefon)",
                      "Who is on call from home where nobody on site covers (id and phone)"),
    "download_workbook": ("Alt i én Excel-fil (.xlsx)", "Everything in one Excel file (.xlsx)"),
    "export_calendars": ("Kalender (.ics) for hver kollegastøtte", "Calendar (.ics) for each supporter"),
    "export_calendars_help": ("Til telefonen: hver støttevakt som en avtale.", "For the phone: each duty as an event."),
    "choose_supporter": ("Kollegastøtte", "Supporter"),
    "download_ics": ("Last ned kalenderen", "Download the calendar"),
    "download_ics_zip": ("Alle kalenderne (zip)", "All calendars (zip)"),
    "no_duties": ("Ingen støttevakter i planen.", "No duties in the rota."),
    "export_notices": ("Oppslag for hver post", "A notice for each ward"),
    "download_notices_zip": ("Alle oppslagene (zip)", "All notices (zip)"),
    # publish
    "publish_title": ("Publiser vaktplanen", "Publish the rota"),
    "publish_intro": ("Når du publiserer, lagres vaktplanen sammen med reglene og et fingeravtrykk av filene. Ledere, "
                      "koordinator og neste omplanlegging ser den publiserte planen, også etter omstart. Tidligere "
                      "publiseringer blir liggende som historikk.",
                      "Publishing saves the rota with the rules and a fingerprint of the files. Managers, the "
                      "coordinator and the next re-plan see the published rota, also after a restart. Earlier "
                      "publications stay as history."),
    "publish_wait_solve": ("Vaktplanen lages; publiser når den er ferdig.", "The rota is being made; publish when it is done."),
    "publish_no_draft": ("Ingen ny vaktplan å publisere.", "No new rota to publish."),
    "draft_line": ("Utkast laget {when}: {covered} av {total} vakter har kollegastøtte, {uncovered} har ikke, {duties} "
                   "støttevakter. {status}",
                   "Draft made {when}: {covered} of {total} shifts have a supporter, {uncovered} do not, {duties} "
                   "duties. {status}"),
    "publish_stale": ("Filene eller valgene er endret etter at utkastet ble laget, så det kan ikke publiseres. Lag "
                      "vaktplanen på nytt først.",
                      "The files or choices changed after the draft was made, so it cannot be published. Make the rota "
                      "again first."),
    "publish_not_optimal": ("Planen er ikke bevist best. Du kan publisere den likevel, eller la den regne lenger.",
                            "The rota is not proven best. You may publish it anyway, or let it work longer."),
    "publish_reason": ("Hva slags publisering? (valgfritt)", "What kind of publication? (optional)"),
    "publish_reason_help": ("Et fast valg, ingen fritekst: her kan ingenting om samtaler eller personer skrives.",
                            "A fixed choice, no free text: nothing about conversations or people can be written here."),
    "reason_": ("–", "–"),
    "reason_new_period": ("Ny periode", "New period"),
    "reason_change": ("Endring i perioden", "Change within the period"),
    "col_reason_kind": ("Hva slags", "Kind"),
    "publish_button": ("Publiser vaktplanen", "Publish the rota"),
    "publish_failed": ("Publiseringen feilet, og ingenting ble lagret. Prøv igjen; skjer det igjen, si fra til den som "
                       "drifter appen.",
                       "Publishing failed, and nothing was saved. Try again; if it happens again, tell whoever runs the app."),
    "published_as": ("Publisert som nr. {id}.", "Published as no. {id}."),
    "publish_what": ("Hva lagres?", "What is stored?"),
    "publish_what_text": ("Tabellene (hvem dekker hva, støttevakter, belastning, dekning), postnavn, navnene på "
                          "kollegastøttene, oppsummeringen, reglene og filenes fingeravtrykk – i én operasjon. Aldri noe "
                          "fra samtaler: bare antall.",
                          "The tables (who covers what, duties, burden, coverage), ward names, the supporters' names, "
                          "the summary, the rules and the files' fingerprints – in one operation. Never anything from "
                          "conversations: counts only."),
    "history_title": ("Historikk", "History"),
    "history_empty": ("Ingen publiseringer ennå.", "No publications yet."),
    "publish_scope": ("Publiseringen gjelder postene {wards} i vaktplanens periode. Andre poster beholder vaktplanen "
                      "som gjelder for dem.",
                      "The publication applies to the wards {wards} in the rota's period. Other wards keep the rota "
                      "in force for them."),
    "publish_replace_all": ("Erstatt hele vaktplanen i perioden (alle poster)", "Replace the whole rota in the period (all wards)"),
    "publish_replace_all_help": ("Bare koordinatoren kan gjøre dette: poster som ikke er med i denne vaktplanen, har da "
                                 "ingen vaktplan i perioden.",
                                 "Only the coordinator can do this: wards not in this rota then have no rota in the "
                                 "period."),
    "publish_drops": ("Disse postene har en vaktplan i perioden i dag, men er ikke med i denne: {wards}. De vil stå uten "
                      "kollegastøtte på vakt.",
                      "These wards have a rota in the period today but are not in this one: {wards}. They would be "
                      "left without a peer supporter on duty."),
    "publish_drops_confirm": ("Ja, {n} poster skal stå uten vaktplan i perioden", "Yes, {n} wards are to have no rota in "
                              "the period"),
    "publish_failed_because": ("Publiseringen ble ikke lagret: {why}", "The publication was not saved: {why}"),
    "store_unreadable": ("Databasen med publiserte vaktplaner kan ikke leses. Si fra til den som drifter appen.",
                         "The database of published rotas cannot be read. Tell whoever runs the app."),
    "col_id": ("Nr.", "No."),
    "col_published": ("Publisert", "Published"),
    "history_pick": ("Publisering", "Publication"),
    "publication_no": ("Nr. {id}", "No. {id}"),
    "history_details": ("Regler og fingeravtrykk for nr. {id}", "Rules and fingerprints of no. {id}"),
    "history_show": ("Vis denne på dekning, belastning og nedlasting", "Show this on coverage, burden and download"),
    "rules_used": ("Regler brukt", "Rules used"),
    "input_checksums": ("Fingeravtrykk av filene (SHA-256)", "Fingerprints of the files (SHA-256)"),
    # shared captions
    "view_caption_draft": ("Viser: utkastet ditt, laget {when}, ikke publisert.", "Showing: your draft, made {when}, not published."),
    "view_caption_published": ("Viser: publisert nr. {id} ({when}).", "Showing: published no. {id} ({when})."),
    "view_caption_in_force": ("Viser: vaktplanen som gjelder for hver post (publisert nr. {ids}).",
                              "Showing: the rota in force for each ward (published no. {ids})."),
    "view_withdrawn": ("Denne publiseringen er trukket tilbake: den gjelder ikke lenger.",
                       "This publication has been withdrawn: it no longer applies."),
    "no_publication_yet": ("Ingen vaktplan er publisert ennå.", "No rota has been published yet."),
    # sign-in and roles
    "page_signin": ("Logg inn", "Sign in"),
    "page_who": ("Hvem ringer jeg nå?", "Who do I call now?"),
    "page_audit": ("Logg (koordinator)", "Log (coordinator)"),
    "local_user_banner": ("Innlogging er ikke satt opp: appen kjører som én lokal bruker med alle rettigheter "
                          "(koordinator). Slik slår du på innlogging: se README, «Innlogging og roller».",
                          "Sign-in is not set up: the app runs as one local user with every right (coordinator). To "
                          "turn sign-in on, see the README, «Sign-in and roles»."),
    "forbidden": ("Du har ikke tilgang til denne siden med rollen din.", "Your role does not give you this page."),
    "signed_in_as": ("Logget inn som {who} – {roles}.", "Signed in as {who} – {roles}."),
    "sign_out": ("Logg ut", "Sign out"),
    "role_coordinator": ("koordinator", "coordinator"),
    "role_rostering": ("turnuskontor", "rostering"),
    "role_manager": ("leder", "manager"),
    "role_employee": ("ansatt", "employee"),
    "role_none": ("ingen (bare de som står i rollefila)", "none (only those named in the role file)"),
    "signin_title": ("Kollegastøtte – logg inn", "Peer support – sign in"),
    "signin_intro": ("Logg inn med kontoen din på sykehuset. Etterpå ser du hvem du ringer for posten din, og det "
                     "rollen din ellers gir deg.",
                     "Sign in with your hospital account. Then you see whom to call for your ward, and what else your "
                     "role gives you."),
    "signin_ward_after": ("Etter innlogging kommer du rett til posten i lenken; appen husker den.",
                          "After signing in you come straight to the ward in the link; the app remembers it."),
    "signin_button": ("Logg inn", "Sign in"),
    "signin_button_with": ("Logg inn med {provider}", "Sign in with {provider}"),
    "signin_no_role": ("Du er logget inn som {who}, men har ingen rolle i Kollegastøtte. Spør koordinatoren om "
                       "tilgang.", "You are signed in as {who}, but have no role in Peer support. Ask the "
                       "coordinator for access."),
    # the configuration error page (scheduler/signin_setup.py): shown in both languages at once
    "setup_page": ("Appen er stoppet / The app is stopped", "Appen er stoppet / The app is stopped"),
    "setup_title": ("Appen er stoppet: innloggingen er satt opp feil", "The app is stopped: sign-in is set up wrongly"),
    "setup_intro": ("Ingen sider vises før dette er rettet i serverens innstillinger. Det står også i serverloggen.",
                    "No page is shown until this is fixed in the server's settings. It is also in the server log."),
    "setup_fix": ("Rett filen slik docs/access.md viser, og start appen på nytt. Uten innlogging kjører appen bare "
                  "når serveren lytter på 127.0.0.1 (denne maskinen alene).",
                  "Fix the file as docs/access.md shows, and start the app again. Without sign-in the app runs only "
                  "while the server listens on 127.0.0.1 (this machine alone)."),
    "setup_where_file": (" (i {file})", " (in {file})"),
    "setup_where_line": (" (i {file}, linje {line})", " (in {file}, line {line})"),
    "setup_unparseable": ("Filen med hemmeligheter kan ikke leses som TOML{where}: {detail}",
                          "The secrets file cannot be read as TOML{where}: {detail}"),
    "setup_not_utf8": ("Filen med hemmeligheter er ikke lagret som UTF-8{where}.",
                       "The secrets file is not saved as UTF-8{where}."),
    "setup_unreadable": ("Filen med hemmeligheter kan ikke åpnes{where}: {detail}.",
                         "The secrets file cannot be opened{where}: {detail}."),
    "setup_bad_path": ("Stien til hemmelighetene er verken en .toml-fil eller en mappe{where}.",
                       "The secrets path is neither a .toml file nor a folder{where}."),
    "setup_secrets_failed": ("Hemmelighetene kan ikke leses ({detail}).", "The secrets cannot be read ({detail})."),
    "setup_auth_not_table": ("«auth» er ingen tabell{where}: skriv den som [auth] med nøklene under.",
                             "«auth» is not a table{where}: write it as [auth] with the keys below it."),
    "setup_missing_key": ("[{section}] mangler «{key}»{where}.", "[{section}] lacks «{key}»{where}."),
    "setup_empty_value": ("«{key}» i [{section}] er tom eller ikke tekst{where}.",
                          "«{key}» in [{section}] is empty or not text{where}."),
    "setup_typo_key": ("«{key}» i [{section}] er ingen kjent innstilling{where} – mente du «{suggestion}»?",
                       "«{key}» in [{section}] is no known setting{where} – did you mean «{suggestion}»?"),
    "setup_redirect_uri": ("«redirect_uri» i [{section}] må være en http- eller https-adresse som slutter på "
                           "/oauth2callback{where}.",
                           "«redirect_uri» in [{section}] must be an http or https address ending in "
                           "/oauth2callback{where}."),
    "setup_metadata_url": ("«server_metadata_url» i [{section}] må være en http- eller https-adresse{where}.",
                           "«server_metadata_url» in [{section}] must be an http or https address{where}."),
    "setup_no_provider": ("[auth] har ingen innloggingstjeneste{where}: den trenger client_id, client_secret og "
                          "server_metadata_url, i [auth] selv eller i hver tabell [auth.navn].",
                          "[auth] has no sign-in provider{where}: it needs client_id, client_secret and "
                          "server_metadata_url, in [auth] itself or in each table [auth.name]."),
    "setup_provider_name": ("Navnet på tjenesten i [{section}] har understrek{where}; det godtas ikke. Bruk et navn "
                            "uten _.", "The provider's name in [{section}] has an underscore{where}; that is not "
                            "accepted. Use a name without _."),
    "setup_not_loopback": ("Innlogging er ikke satt opp (ingen [auth]), og serveren lytter på «{detail}», ikke bare "
                           "på denne maskinen: da ville alle som når den, fått koordinatorens rettigheter. Slå på "
                           "innlogging, eller sett server.address til 127.0.0.1.",
                           "Sign-in is not set up (no [auth]), and the server listens on «{detail}», not on this "
                           "machine alone: everyone who reaches it would get the coordinator's rights. Turn sign-in "
                           "on, or set server.address to 127.0.0.1."),
    "setup_every_address": ("alle adresser", "every address"),
    # who do I call now?
    "who_title": ("Hvem ringer jeg nå?", "Who do I call now?"),
    "who_no_rota": ("Ingen vaktplan for kollegastøtte er publisert ennå. Spør koordinatoren for kollegastøtte.",
                    "No peer-support rota has been published yet. Ask the peer-support coordinator."),
    "who_no_rota_make_it": ("Du kan lage den selv: lag vaktplanen og publiser den, så viser denne siden hvem som "
                            "har vakt nå.",
                            "You can make it yourself: make the rota and publish it, and this page shows who is on "
                            "duty now."),
    "who_pick_ward": ("Posten din", "Your ward"),
    "who_pick_placeholder": ("Velg posten din", "Pick your ward"),
    "who_pick_help": ("Velg posten du jobber på. Appen husker valget, og adressen kan lagres som bokmerke.",
                      "Pick the ward you work on. The app remembers it, and the address can be bookmarked."),
    "who_no_phone": ("Telefonnummer mangler – ring via sentralbordet.", "No phone number – call via the switchboard."),
    "who_call_number": ("Ring {number}", "Call {number}"),
    "who_fallback": ("Ingen kollegastøtte på denne vakten. Ring heller:", "No peer supporter this shift. Call instead:"),
    "who_on_call": ("Kollegastøtte i beredskap hjemmefra: {name}", "Peer supporter on call from home: {name}"),
    "who_none_planned": ("Ingen fra posten på jobb, så ingen kollegastøtte er satt opp.",
                         "Nobody from the ward at work, so no peer supporter is planned."),
    "who_after_period": ("Den publiserte vaktplanen er gått ut. Ring heller:", "The published rota has ended. Call instead:"),
    "who_before_period_starts": ("Vaktplanen begynner {day} kl. {time}. Til da, ring:",
                                 "The rota starts {day} at {time}. Until then, call:"),
    "who_first_shifts": ("De første vaktene", "The first shifts"),
    "who_before_period": ("Den publiserte vaktplanen har ikke begynt ennå.", "The published rota has not started yet."),
    "who_nothing_now": ("Akkurat nå er ingen kollegastøtte på vakt.", "No peer supporter is on duty right now."),
    "who_next_starts": ("Neste vakt begynner kl. {when}.", "The next shift starts at {when}."),
    "who_today": ("I dag og i natt – {day}", "Today and tonight – {day}"),
    "who_next": ("Neste vakter", "Next shifts"),
    "who_fallback_always": ("Samtalen er frivillig og fortrolig. Står det ingen kollegastøtte på vakta, ring:",
                            "The talk is voluntary and confidential. When no peer supporter is on duty, call:"),
    "who_checked": ("Sist sjekket kl. {time}. Siden oppdaterer seg selv når vaktplanen eller vakta skifter.",
                    "Last checked at {time}. The page updates itself when the rota or the shift changes."),
    "who_caption": ("Fra vaktplanen som gjelder for posten (publisert nr. {id}).",
                    "From the rota in force for the ward (published no. {id})."),
    # the audit log and the role file
    "audit_title": ("Logg over publiseringer, hendelser og roller", "Log of publications, incidents and roles"),
    "audit_intro": ("Hvem gjorde hva, og når: publisering, tilbaketrekking, endringer i hendelser og roller. Loggen "
                    "sier aldri noe om innhold – bare hvem, når og hvilket nummer.",
                    "Who did what, and when: publishing, withdrawing, changes of incidents and roles. The log never "
                    "says anything about content – only who, when and which number."),
    "audit_empty": ("Ingenting er logget ennå.", "Nothing has been logged yet."),
    "col_when": ("Når", "When"),
    "col_who": ("Hvem", "Who"),
    "col_what": ("Hva", "What"),
    "col_object": ("Gjelder", "Concerns"),
    "col_detail": ("Detaljer", "Details"),
    "col_role": ("Rolle", "Role"),
    "col_wards": ("Poster", "Wards"),
    "actor_server": ("serveren", "the server"),
    "actor_lokal": ("lokal bruker", "local user"),
    "audit_publish": ("publiserte", "published"),
    "audit_unpublish": ("trakk tilbake", "withdrew"),
    "audit_republish": ("publiserte igjen", "published again"),
    "audit_incident_created": ("registrerte hendelse", "recorded an incident"),
    "audit_incident_changed": ("endret hendelse", "changed an incident"),
    "audit_incident_closed": ("avsluttet hendelse", "closed an incident"),
    "audit_incident_anonymised": ("anonymiserte hendelse", "anonymised an incident"),
    "audit_incident_deleted": ("slettet hendelse", "deleted an incident"),
    "audit_role_change": ("endret rolle", "role changed"),
    "audit_roles_file_change": ("rollefila endret", "role file changed"),
    "object_publication": ("publisering nr.", "publication no."),
    "object_incident": ("hendelse", "incident"),
    "object_user": ("bruker", "user"),
    "object_roles_file": ("rollefil", "role file"),
    "object_draft": ("utkast", "draft"),
    "object_store": ("lageret", "the store"),
    "audit_draft_created": ("startet et utkast", "started a draft"),
    "audit_draft_files": ("endret filene i utkastet", "changed the draft's files"),
    "audit_draft_mappings": ("endret kolonne- eller kodevalg", "changed column or code choices"),
    "audit_draft_rules": ("endret regler", "changed rules"),
    "audit_draft_supporter_edits": ("endret oppfølging (samtaler, utilgjengelig)", "changed follow-up (talks, unavailable)"),
    "audit_draft_pins": ("endret låste eller forbudte vakter", "changed locked or forbidden duties"),
    "audit_draft_plan": ("lagde vaktplan i utkastet", "made a rota in the draft"),
    "audit_draft_deleted": ("slettet gammelt utkast", "deleted an old draft"),
    "audit_purge": ("slettet det som har gått ut på tid", "deleted what has expired"),
    "retention_title": ("Sletting", "Deletion"),
    "retention_text": ("Navnene på dem som var involvert i en hendelse slettes {days} dager etter oppfølgingssamtalen, "
                       "utkast som ikke er endret på {draft_days} dager slettes, og filer ingen bruker, slettes med en "
                       "gang — hver gang lageret åpnes, og med `scheduler purge` (se docs/threat-model.md).",
                       "The names of those involved in an incident are deleted {days} days after the follow-up talk, "
                       "drafts not changed for {draft_days} days are deleted, and files nobody uses are deleted at "
                       "once — every time the store is opened, and by `scheduler purge` (see docs/threat-model.md)."),
    "retention_late": ("Ved sletting {when} ble navn etter {n} hendelse(r) slettet {days} dag(er) for sent, fordi ingen "
                       "åpnet lageret. Be den som drifter appen kjøre `scheduler purge --store …` daglig (cron).",
                       "At the deletion {when}, names after {n} incident(s) were deleted {days} day(s) late because "
                       "nobody opened the store. Ask whoever runs the app to run `scheduler purge --store …` daily (cron)."),
    "roles_title": ("Roller", "Roles"),
    "roles_not_used": ("Innlogging er ikke satt opp, så rollefila brukes ikke ennå (docs/access.md).",
                       "Sign-in is not set up, so the role file is not used yet (docs/access.md)."),
    "roles_where": ("Rollefila leses fra {path} (serverens innstilling KOLLEGASTOTTE_ROLES).",
                    "The role file is read from {path} (the server's setting KOLLEGASTOTTE_ROLES)."),
    "roles_missing": ("Fila finnes ikke: alle som logger inn er ansatte.", "The file does not exist: everyone who signs "
                      "in is an employee."),
    "roles_by_email": ("e-post", "e-mail"),
    "roles_by_group": ("gruppe", "group"),
    "roles_by_subject": ("objekt-id", "object id"),
    "roles_default": ("Alle andre som logger inn: {role}. Gruppene leses fra «{claim}» i innloggingen.",
                      "Everyone else who signs in: {role}. Groups are read from «{claim}» in the sign-in."),
    # access on the pages
    "coverage_not_your_wards": ("Denne vaktplanen har ingen av postene dine.", "This rota has none of your wards."),
    # the release list (app_pages/release_section.py)
    "release_title": ("Postens ansatte på kollegastøttevakt", "The ward's staff on support duty"),
    "release_help": ("Hvem av postens egne ansatte som har kollegastøttevakt når: de kan bli kalt bort fra posten "
                     "i disse timene. Ta det med når du planlegger bemanningen.",
                     "Which of the ward's own staff are on support duty when: they may be called away from the ward "
                     "during those hours. Plan the staffing with it."),
    "release_none": ("Ingen av postens ansatte har kollegastøttevakt i denne vaktplanen.",
                     "None of the ward's staff is on support duty in this rota."),
    "release_count_one": ("{n} støttevakt", "{n} duty"),
    "release_count_many": ("{n} støttevakter", "{n} duties"),
    "col_wards_covered_count": ("Poster dekket", "Wards covered"),
    "download_release": ("Frigjøringslisten for Excel", "The release list for Excel"),
    "release_file": ("frigjoring", "release"),
    "release_file_all": ("alle", "all"),
    "release_pick_ward": ("Velg en post over for å se listen her; nedlastingen har alle postene.",
                          "Pick a ward above to see the list here; the download has every ward."),
    "all_my_wards": ("Alle mine poster", "All my wards"),
    "export_only_notices": ("Tabellene og kalenderne gjelder alle poster; du kan laste ned oppslagene for postene dine.",
                            "The tables and calendars cover every ward; you can download the notices of your wards."),
    "publish_not_your_wards": ("Du kan publisere vaktplaner for postene dine. Denne har også: {wards}. Be "
                               "koordinatoren publisere den.",
                               "You can publish rotas of your wards. This one also has: {wards}. Ask the coordinator to "
                               "publish it."),
    "col_in_force": ("Gjelder", "In force"),
    "withdrawn": ("trukket tilbake", "withdrawn"),
    "unpublish_button": ("Trekk tilbake nr. {id}", "Withdraw no. {id}"),
    "unpublish_help": ("Publiseringen blir liggende i historikken, men gjelder ikke lenger; den før gjelder igjen.",
                       "The publication stays in the history but no longer applies; the one before applies again."),
    "republish_button": ("Publiser nr. {id} igjen", "Publish no. {id} again"),
    "col_phone": ("Telefon", "Phone"),
    "col_phone_help": ("Nummeret de ansatte ringer (står på oppslaget og på «Hvem ringer jeg nå?»).",
                       "The number staff call (on the notice and on «Who do I call now?»)."),
    # history, follow-up over time and the leadership report (docs/history.md)
    "page_followup": ("Oppfølging (koordinator)", "Follow-up (coordinator)"),
    "page_supporter": ("Én kollegastøtte (koordinator)", "One supporter (coordinator)"),
    "page_report": ("Rapport til ledelsen", "Report for the leadership"),
    "audit_history_import": ("importerte historikk", "imported history"),
    "audit_history_import_withdrawn": ("trakk tilbake importert historikk", "withdrew imported history"),
    "audit_history_import_restored": ("tok i bruk importert historikk igjen", "put imported history back"),
    "object_history_import": ("historikkimport nr.", "history import no."),
    "why_load_history": ("Bar {ratio} × andelen sin i {periods} de siste {months} månedene; andelen nå er derfor "
                         "{factor} × det den ellers ville vært.",
                         "Carried {ratio} × their share in {periods} in the last {months} months; so their share now is "
                         "{factor} × what it would otherwise be."),
    "earlier_periods_one": ("1 tidligere periode", "1 earlier period"),
    "earlier_periods_many": ("{n} tidligere perioder", "{n} earlier periods"),
    "periods_one": ("1 periode", "1 period"),
    "periods_many": ("{n} perioder", "{n} periods"),
    "why_load_no_history": ("Ingen historikk fra tidligere perioder for denne personen.",
                            "No history from earlier periods for this person."),
    "burden_history_note": ("Andelene tar hensyn til det hver kollegastøtte bar i {periods} de siste {months} månedene: "
                            "de som bar mer enn sin andel, får mindre nå (styrke {weight}).",
                            "The shares take into account what each supporter carried in {periods} in the last {months} "
                            "months: those who carried more than their share get less now (strength {weight})."),
    "col_carried": ("Bar før", "Carried before"),
    "col_on_call": ("I beredskap", "On call"),
    "col_on_call_opt_in": ("Beredskap", "On call"),
    "col_on_call_opt_in_help": ("Kan være i beredskap hjemmefra på telefon når reglene planlegger det (Regler).",
                                "May be on call from home by phone when the rules plan it (Rules)."),
    "col_on_call_load": ("Belastning med beredskap", "Load with on call"),
    "col_contacts": ("Kontakter", "Contacts"),
    "col_last_refresher": ("Siste oppfriskning", "Last refresher"),
    "col_fair_share": ("Rettferdig andel (timer)", "Fair share (hours)"),
    "col_recent": ("Siste 90 dager", "Last 90 days"),
    "col_flags": ("Merknader", "Notes"),
    "col_period": ("Periode", "Period"),
    "col_rows": ("Rader", "Rows"),
    "col_imported": ("Importert", "Imported"),
    "flag_above_share": ("over {line} × andelen", "above {line} × share"),
    "flag_many_nights": ("mange netter", "many nights"),
    "flag_many_weekends": ("mange helgevakter", "many weekend duties"),
    "flag_heavy_lately": ("tungt siste 90 dager", "heavy in the last 90 days"),
    "flag_many_conversations": ("mange samtaler", "many conversations"),
    "followup_page_title": ("Oppfølging av kollegastøttene over tid", "Following up the supporters over time"),
    "followup_page_intro": ("Det hver kollegastøtte har båret de siste {months} månedene: støttevakter, timer, netter, "
                            "helgevakter og oppsøkende kontakter, mot den rettferdige andelen. Merknadene viser hvem som "
                            "kan trenge en pause eller en samtale. Bare antall – aldri hva en samtale handlet om.",
                            "What each supporter has carried in the last {months} months: duties, hours, nights, weekend "
                            "duties and outreach contacts, against their fair share. The notes show who may need a break "
                            "or a talk. Counts only – never what a conversation was about."),
    "followup_until": ("Til og med", "Up to and including"),
    "followup_until_help": ("Vinduet er de {months} månedene til og med denne datoen (regelen history_months).",
                            "The window is the {months} months up to and including this date (the rule history_months)."),
    "followup_window": ("Vindu: {first}–{last}; {periods}.", "Window: {first}–{last}; {periods}."),
    "followup_none": ("Ingen publiserte vaktplaner eller importert historikk i vinduet ennå.",
                      "No published rotas or imported history in the window yet."),
    "metric_history_supporters": ("Kollegastøtter", "Supporters"),
    "metric_flagged": ("Med merknad", "With notes"),
    "metric_largest_carried": ("Høyest mot andel", "Highest against share"),
    "followup_chart": ("Belastning mot rettferdig andel", "Load against fair share"),
    "followup_chart_help": ("1 × er rettferdig; over 1,5 × følges opp. Belastning er timer med støttevakt og oppsøkende "
                            "kontakter.", "1 × is fair; above 1.5 × is followed up. Load is duty hours and outreach "
                            "contacts."),
    "followup_flags_help": ("Merknadene: over 1,5 × andelen; minst 3 netter (helgevakter) og over 1,5 × en jevn del av "
                            "dem; over 1,5 × andelen de siste 90 dagene; minst 5 samtaler og kontakter siste periode og "
                            "minst dobbelt så mange som hos de fleste.",
                            "The notes: above 1.5 × the share; at least 3 nights (weekend duties) and above 1.5 × an even "
                            "part of them; above 1.5 × the share in the last 90 days; at least 5 conversations and "
                            "contacts lately, and at least twice as many as most have."),
    "go_supporter": ("Se én kollegastøtte", "See one supporter"),
    "training_title": ("Opplæring og årlig oppfriskning", "Training and yearly refresher"),
    "training_from_upload": ("Fra kollegastøttelista som er lastet opp, for perioden {first}–{last} og {days} dager etter.",
                             "From the supporters list uploaded, for the period {first}–{last} and {days} days after."),
    "training_from_published": ("Fra kollegastøttelista lagret med publisert vaktplan nr. {id}, for perioden "
                                "{first}–{last} og {days} dager etter.",
                                "From the supporters list kept with published rota no. {id}, for the period "
                                "{first}–{last} and {days} days after."),
    "training_none": ("Ingen går ut av opplæringen eller skal på oppfriskning i perioden eller dagene etter.",
                      "Nobody's training runs out and no refresher falls due in the period or the days after."),
    "training_no_dates": ("Ingen kollegastøtteliste med opplæringsdatoer ennå.", "No supporters list with training dates yet."),
    "import_title": ("Importer historikk", "Import history"),
    "import_intro": ("For første periode, eller fra et annet verktøy: én rad per kollegastøtte og periode med "
                     "ansattnummer, periode fra og til, antall støttevakter (eller timer), og gjerne netter, "
                     "helgevakter, kontakter og rettferdig andel. Importert historikk teller bare for datoer uten "
                     "publisert vaktplan.",
                     "For the first period, or from another tool: one row per supporter and period with the employee "
                     "id, the period's first and last date, the number of duties (or hours), and if known nights, "
                     "weekend duties, contacts and the fair share. Imported history counts only for dates without a "
                     "published rota."),
    "import_upload": ("Historikkfil (CSV eller Excel)", "History file (CSV or Excel)"),
    "import_button": ("Importer {n} rader", "Import {n} rows"),
    "import_done": ("Importert som nr. {id}.", "Imported as no. {id}."),
    "import_has_errors": ("Radene med feil blir ikke importert. Rett dem i fila og last den opp igjen, eller importer "
                          "resten.", "Rows with errors are not imported. Fix them in the file and upload it again, or "
                          "import the rest."),
    "imports_title": ("Importert historikk", "Imported history"),
    "imports_none": ("Ingen historikk er importert.", "No history has been imported."),
    "import_withdraw": ("Trekk tilbake import nr. {id}", "Withdraw import no. {id}"),
    "import_restore": ("Ta i bruk import nr. {id} igjen", "Put import no. {id} back"),
    "import_pick": ("Import", "Import"),
    "import_no": ("Import nr. {id}", "Import no. {id}"),
    "download_history": ("Last ned historikken (CSV)", "Download the history (CSV)"),
    "supporter_title": ("Historikk for én kollegastøtte", "One supporter's history"),
    "supporter_intro": ("Til samtalen med kollegastøtten: det vedkommende har båret de siste {months} månedene, periode "
                        "for periode, mot den rettferdige andelen. Bare antall.",
                        "For the talk with the supporter: what they have carried in the last {months} months, period by "
                        "period, against their fair share. Counts only."),
    "supporter_pick": ("Kollegastøtte", "Supporter"),
    "supporter_summary": ("**{who}**: støttevakter {duties} ({hours} timer), netter {nights}, helgevakter {weekends}, "
                          "oppsøkende kontakter {contacts} – {ratio} × den rettferdige andelen ({share} timer).",
                          "**{who}**: duties {duties} ({hours} hours), nights {nights}, weekend duties {weekends}, "
                          "outreach contacts {contacts} – {ratio} × their fair share ({share} hours)."),
    "supporter_recent": ("De siste 90 dagene: støttevakter {duties}, {ratio} × andelen.",
                         "The last 90 days: duties {duties}, {ratio} × the share."),
    "supporter_none": ("Ingen historikk for denne kollegastøtten i vinduet.", "No history for this supporter in the window."),
    "supporter_chart": ("Timer og rettferdig andel per periode", "Hours and fair share per period"),
    "supporter_training": ("Opplæring gyldig til: {until}. Siste årlige oppfriskning: {refresher}.",
                           "Training valid until: {until}. Last yearly refresher: {refresher}."),
    "supporter_flags": ("Merknader: {flags}.", "Notes: {flags}."),
    "supporter_no_flags": ("Ingen merknader.", "No notes."),
    "supporter_activity": ("Samtaler siste periode (antall): {n}.", "Conversations lately (a count): {n}."),
    "supporter_nobody": ("Ingen kollegastøtter i historikken eller i lista som er lastet opp.",
                         "No supporters in the history or in the list uploaded."),
    "not_given": ("ikke oppgitt", "not given"),
    "report_title": ("Rapport til ledelsen", "Report for the leadership"),
    "report_intro": ("Per kvartal og for året: dekning per sykehus og post, hvorfor vakter ikke ble dekket, hvordan "
                     "støttevaktene ble fordelt, oppsøkende kontakter og opplæring. Bare antall; navn på "
                     "kollegastøttene bare når du ber om det.",
                     "Per quarter and for the year: coverage per site and ward, why ward-shifts were not covered, how "
                     "the duties were shared, outreach contacts and training. Counts only; the supporters' names only "
                     "when you ask for them."),
    "report_year": ("År", "Year"),
    "report_span": ("Periode", "Period"),
    "report_whole_year": ("Hele året", "The whole year"),
    "report_quarter_n": ("{n}. kvartal", "Q{n}"),
    "report_names": ("Ta med navn på kollegastøttene", "Include the supporters' names"),
    "report_names_help": ("Rapporten viser ellers bare fordelingen, uten navn.",
                          "Otherwise the report shows only the distribution, without names."),
    "report_download_html": ("Last ned for utskrift (HTML)", "Download for printing (HTML)"),
    "report_download_pdf": ("Last ned PDF", "Download PDF"),
    "report_download_xlsx": ("Last ned Excel", "Download Excel"),
    "report_no_pdf": ("PDF kan ikke lages på denne serveren; skriv ut HTML-fila fra nettleseren.",
                      "A PDF cannot be made on this server; print the HTML file from the browser."),
    "report_empty": ("Ingen publiserte vaktplaner i perioden.", "No published rotas in the period."),
    # incident outreach (the coordinator's «Hendelse» page; docs/outreach.md)
    "page_incident": ("Hendelse (koordinator)", "Incident (coordinator)"),
    "page_contact_status": ("Kontaktstatus og samtaler", "Contact status and conversations"),
    "incident_title": ("Oppsøkende kollegastøtte etter en hendelse", "Outreach after a serious incident"),
    "incident_intro": ("Etter en alvorlig hendelse oppsøker kollegastøtter de involverte: første samtale innen 72 timer, "
                       "og en oppfølgingssamtale 3–5 uker etter, fordi mange reagerer først senere. Her finner du hvem "
                       "som kan gå, når, i betalt arbeidstid og innenfor grensene – sammen med vaktplanen.",
                       "After a serious incident, supporters seek out those involved: a first talk within 72 hours, and "
                       "a follow-up talk 3–5 weeks later, because many react only later. Here you find who can go, "
                       "when, in paid working time and within the limits – together with the rota."),
    "incident_confidential": ("Skriv aldri hva som skjedde: siden har ikke noe felt for det. De involvertes "
                              "ansattnumre slettes {days} dager etter oppfølgingssamtalen; da står bare antall igjen.",
                              "Never write what happened: the page has no field for it. The employee numbers of those "
                              "involved are deleted {days} days after the follow-up talk; then only counts remain."),
    "incident_needs_inputs": ("Last opp turnus og kollegastøtter først: forslagene lages fra turnusen.",
                              "Upload the rosters and the supporters first: the proposals are made from the rosters."),
    "incident_rota_published": ("Planlegges sammen med vaktplanen som gjelder (publisert nr. {id}): støttevaktene der "
                                "teller med.",
                                "Planned together with the rota in force (published no. {id}): its duties count."),
    "incident_rota_draft": ("Ingen publisert vaktplan: planlegges sammen med utkastet ditt.",
                            "No published rota: planned together with your draft."),
    "incident_rota_none": ("Ingen vaktplan ennå: kontaktene planlegges uten støttevakter å ta hensyn til.",
                           "No rota yet: the contacts are planned without duties to take into account."),
    "incident_new": ("Registrer en hendelse", "Register an incident"),
    "incident_wards": ("Post (én eller flere)", "Ward (one or more)"),
    "incident_date": ("Dato", "Date"),
    "incident_time": ("Klokkeslett", "Time"),
    "incident_people": ("Involverte ansatte (ansattnummer)", "Staff involved (employee number)"),
    "incident_people_help": ("Velg dem som trenger kontakt, eller skriv antall per yrke under. Bare ansattnummeret "
                             "lagres, og bare til etter oppfølgingen.",
                             "Choose those who need contact, or give counts per profession below. Only the employee "
                             "number is kept, and only until after the follow-up."),
    "incident_counts": ("…eller antall per yrke", "…or counts per profession"),
    "incident_choose_wards": ("Velg post", "Choose the ward"),
    "incident_choose_people": ("Velg ansatte", "Choose staff"),
    "incident_team": ("Kollegastøtter per samtale", "Supporters per talk"),
    "incident_team_auto": ("Som standard (2 når 3 eller flere møtes, ellers 1)", "Default (2 when 3 or more meet, else 1)"),
    "incident_defusing": ("Avlastningssamtale samme dag (innen 8 timer)", "Same-day defusing (within 8 hours)"),
    "incident_register": ("Registrer og foreslå", "Register and propose"),
    "incident_missing_ward": ("Velg minst én post.", "Choose at least one ward."),
    "incident_missing_people": ("Velg de involverte eller skriv antall per yrke.", "Choose those involved or give counts "
                                "per profession."),
    "incident_registered": ("Hendelse {id} er registrert.", "Incident {id} is registered."),
    "incident_choose": ("Hendelse", "Incident"),
    "incident_none": ("Ingen hendelser er registrert.", "No incidents are registered."),
    "incident_facts": ("{when} på {wards} · {people} · {status}", "{when} at {wards} · {people} · {status}"),
    "incident_status_registered": ("registrert, ikke godtatt", "registered, not accepted"),
    "incident_status_accepted": ("kontakter godtatt", "contacts accepted"),
    "incident_status_closed": ("avsluttet", "closed"),
    "incident_ids_until": ("Ansattnumrene slettes {date}.", "The employee numbers are deleted on {date}."),
    "incident_ids_gone": ("Ansattnumrene er slettet; bare antall er igjen.", "The employee numbers are deleted; only "
                          "counts remain."),
    "incident_proposal": ("Forslag", "Proposal"),
    "incident_accepted_title": ("Godtatte kontakter", "Accepted contacts"),
    "incident_contact_defusing": ("Avlastningssamtale", "Defusing"),
    "incident_contact_first": ("Første samtale", "First talk"),
    "incident_contact_follow_up": ("Oppfølging", "Follow-up"),
    "col_contact": ("Kontakt", "Contact"),
    "col_group": ("Møter", "Meets"),
    "col_time": ("Tid", "Time"),
    "col_alternatives": ("Andre som kan", "Others who can"),
    "incident_pick": ("{contact}, {group}: hvem", "{contact}, {group}: who"),
    "incident_not_planned": ("Ikke planlagt: {reason}", "Not planned: {reason}"),
    "incident_check_failed": ("Valget bryter en regel og kan ikke godtas: {problems}", "The choice breaks a rule and "
                              "cannot be accepted: {problems}"),
    "incident_accept": ("Godta forslaget", "Accept the proposal"),
    "incident_accepted": ("Kontaktene er godtatt. Last ned invitasjonene og send dem til kollegastøttene.",
                          "The contacts are accepted. Download the invitations and send them to the supporters."),
    "incident_replan": ("Lag nytt forslag", "Make a new proposal"),
    "incident_close": ("Avslutt hendelsen", "Close the incident"),
    "incident_closed": ("Hendelsen er avsluttet.", "The incident is closed."),
    "incident_invitations": ("Last ned invitasjoner (.ics)", "Download invitations (.ics)"),
    "incident_invitations_help": ("Én kalenderfil per kollegastøtte: tid, post og hvem de møter som yrke og antall "
                                  "– aldri navn eller ansattnummer på de involverte.",
                                  "One calendar file per supporter: time, ward and whom they meet as profession and "
                                  "count – never names or employee numbers of those involved."),
    "incident_people_count": ("{n} involverte", "{n} involved"),
    "incident_list": ("Alle hendelser", "All incidents"),
    "incident_counts_title": ("Tall for ledelsen: hendelser per post og måned", "For the leadership: incidents per ward "
                              "and month"),
    "col_month": ("Måned", "Month"),
    "col_incidents": ("Hendelser", "Incidents"),
    "col_people": ("Involverte", "Involved"),
    "col_places_accepted": ("Kontakter godtatt", "Contacts accepted"),
    "col_ids_deleted": ("Ansattnr. slettes", "Employee no. deleted"),
    "incident_contacts_title": ("Oppsøkende kontakter (godtatt)", "Outreach contacts (accepted)"),
    "incident_contacts_help": ("Hver kontakt er en støttevakt: den teller mot grensene og i belastningen sammen med "
                               "vaktplanen.",
                               "Each contact is a duty: it counts against the limits and in the load together with the "
                               "rota."),
    "col_contact_hours": ("Timer kontakt", "Contact hours"),
    "col_load_with_contacts": ("Belastning med kontakter", "Load with contacts"),
    "incident_no_contacts": ("Ingen godtatte kontakter ennå.", "No accepted contacts yet."),
}


from app_i18n_whatif import WHATIF_TEXTS  # noqa: E402  (a page's texts kept beside it)

TEXTS.update(WHATIF_TEXTS)


def lang() -> str:
    value = st.session_state.get("lang", "no")
    return value if value in LANGUAGES else "no"


def t(key: str, /, **values: object) -> str:
    """The text for `key` in the session's language, with `{name}` fields filled in."""
    return t_in(lang(), key, **values)


def t_plain(key: str, /, **values: object) -> str:
    """:func:`t` for an element that draws Markdown (st.markdown, captions, alerts, widget and
    expander labels, metric labels): every value is filled in as plain text. A ward, a person, a
    profession, a code or a file name comes from a file, and must never become a link, an image
    or formatting on the page (app_state/widgets.py, `plain`; docs/app.md)."""
    from app_state.widgets import plain

    return t(key, **{name: plain(value) for name, value in values.items()})


def t_in(language: str, key: str, /, **values: object) -> str:
    """The text for `key` in `language` ("no" or "en"): for a page that must say it in both."""
    entry = TEXTS.get(key)
    if entry is None:
        return f"⟨{key}⟩"
    text = entry[0] if language == "no" else entry[1]
    return text.format(**values) if values else text


def has_text(key: str) -> bool:
    return key in TEXTS


def fmt_num(value: object, decimals: int = 2) -> str:
    """A number as people read it (decimal comma in Norwegian); – for nothing."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        text = f"{value:.0f}" if value.is_integer() else f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    return text.replace(".", ",") if lang() == "no" else text


def fmt_ratio(value: object) -> str:
    """A load ÷ fair share, rounded by the one rule every page uses (scheduler/views/ratios.py)."""
    from scheduler.views.ratios import shown_ratio

    return fmt_num(shown_ratio(value)) if isinstance(value, int | float) else "–"


def fmt_bound(value: object) -> str:
    """A proven lower bound of a load ÷ fair share: rounded down (scheduler/views/ratios.py)."""
    from scheduler.views.ratios import shown_bound

    return fmt_num(shown_bound(value)) if isinstance(value, int | float) else "–"


def fmt_count(n: int) -> str:
    """A whole count with its thousands apart: `86 399` (Norwegian, a narrow no-break space) or `86,399`."""
    return f"{int(n):,}".replace(",", "\u202f" if lang() == "no" else ",")


def fmt_share_down(part: int, whole: int) -> str:
    """`part` of `whole` as a percentage rounded down to a tenth: 3 of 86,402 missing is 99,9 %, never 100 %."""
    return fmt_pct(int(1000 * part / whole) / 1000 if whole else None)


def fmt_pct(share: float | None) -> str:
    """A share as a percentage: 0.905 → `90,5 %` (Norwegian) or `90.5%`."""
    if share is None:
        return "–"
    number = fmt_num(round(100 * float(share), 1), decimals=1)
    return f"{number} %" if lang() == "no" else f"{number}%"


WEEKDAYS_SHORT = {"no": ("ma", "ti", "on", "to", "fr", "lø", "sø"), "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
WEEKDAYS_LONG = {"no": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
                 "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}


def fmt_date(value: object, *, weekday: bool = False, year: bool = False, long: bool = False) -> str:
    """A date as people read it: `ma 04.01.` / `mandag 04.01.2027` (ISO text or a date)."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    text = f"{day:%d.%m.%Y}" if year else f"{day:%d.%m.}"
    if weekday:
        names = (WEEKDAYS_LONG if long or year else WEEKDAYS_SHORT)[lang()]
        text = f"{names[day.weekday()]} {text}"
    return text


def plural(n: int, one: str, many: str) -> str:
    """`t(one, n=n)` for one, else `t(many, n=n)`: «1 vakt», «3 vakter»."""
    return t(one, n=n) if n == 1 else t(many, n=n)


def tier_label(name: str | None, entry: dict | None = None) -> str:
    """A priority tier in plain words, from the one registry of priorities (scheduler.tiers);
    a tier the registry no longer knows (an old publication) by the label stored with it."""
    if not name:
        return ""
    from scheduler.tiers import DEFAULT_PRIORITIES, tier

    if name in DEFAULT_PRIORITIES:
        found = tier(name)
        return found.label_no if lang() == "no" else found.label_en
    if entry:
        return str(entry.get("label_no" if lang() == "no" else "label_en") or name)
    return name.replace("_", " ")


def limit_label(entry: dict) -> str:
    """A limit whose relaxation was measured, in plain words (the app's wording, else the optimiser's)."""
    name = entry.get("limit", "")
    if f"limit_{name}" in TEXTS:
        return t(f"limit_{name}")
    return str(entry.get("label_no" if lang() == "no" else "label_en") or name)


def reason_label(reason: str) -> str:
    """The kind of publication as people read it (a fixed choice; "–" for none)."""
    return t(f"reason_{reason}") if f"reason_{reason}" in TEXTS else "–"


def view_caption(view) -> str:
    when = shown(view.created_at, lang())
    if view.kind == "draft":
        return t("view_caption_draft", when=when)
    if view.kind == "in_force":
        return t("view_caption_in_force", ids=", ".join(str(i) for i in view.publications))
    kind = f" {reason_label(view.reason)}." if view.reason else ""
    return t("view_caption_published", id=view.publication_id, when=when) + kind
