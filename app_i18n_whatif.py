"""The texts of the page *Hvor lære opp?* (where to train the next supporters), Norwegian and
English, merged into `app_i18n.TEXTS` — kept apart so the page and its words live side by side."""

from __future__ import annotations

WHATIF_TEXTS: dict[str, tuple[str, str]] = {
    "page_whatif": ("Hvor lære opp? (koordinator)", "Where to train? (coordinator)"),
    "whatif_title": ("Hvor bør vi lære opp nye kollegastøtter?", "Where should we train new supporters?"),
    "whatif_intro": (
        "Programmet lager vaktplanen på nytt med én ekstra kollegastøtte fra hver post og hvert yrke som har "
        "ansatte i turnusen, og foreslår de postene der én til gir flest vakter med noen å ringe, og deretter "
        "jevnest belastning. Forslag nummer to er det beste *gitt* det første. Ingen navn: et forslag er en post "
        "og et yrke — hvem som spørres, avgjør lederen.",
        "The program plans the rota again with one more supporter from each ward and profession that has staff in "
        "the turnus, and proposes the wards where one more gives most shifts someone to call, then the most even "
        "burden. The second proposal is the best *given* the first. No names: a proposal is a ward and a "
        "profession — whom to ask is the manager's choice."),
    "whatif_needs_inputs": ("Last opp turnus og kollegastøtter først.", "Upload the turnus and the supporters first."),
    "whatif_train": ("Hvor mange forslag", "How many proposals"),
    "whatif_seconds": ("Sekunder per beregning", "Seconds per evaluation"),
    "whatif_seconds_help": (
        "Tid for hver ny vaktplan som prøves. Lengre tid gir sikrere svar; hele analysen tar omtrent "
        "(1 + forslag × 6) × dette, delt på antall prosessorkjerner.",
        "Time for each rota tried. More time gives surer answers; the whole analysis takes about "
        "(1 + proposals × 6) × this, divided by the number of cores."),
    "whatif_run": ("Finn ut hvor", "Find out where"),
    "whatif_running": ("Prøver {label} … ({done} av omtrent {planned})", "Trying {label} … ({done} of about {planned})"),
    "whatif_done": ("Ferdig: {n} vaktplaner prøvd på {seconds} s.", "Done: {n} rotas tried in {seconds} s."),
    "whatif_checked": ("Hvert forslag er kontrollert av den uavhengige kontrollen.",
                       "Each proposal passed the independent checker."),
    "whatif_refused": ("Den uavhengige kontrollen godtok ikke et forslag; ingenting vises. Dette er en feil hos oss.",
                       "The independent checker refused a proposal; nothing is shown. This is a fault of ours."),
    "whatif_cluster_failed": ("Får ikke kontakt med beregningsklyngen ({address}). Sjekk KOLLEGASTOTTE_DASK.",
                              "Cannot reach the compute cluster ({address}). Check KOLLEGASTOTTE_DASK."),
    "whatif_none": ("Ingen opplæring bedrer dekning eller fordeling blant de beste kandidatene.",
                    "No training improves coverage or fairness among the best candidates."),
    "whatif_download": ("Last ned forslagene (CSV)", "Download the proposals (CSV)"),
    "whatif_col_rank": ("Nr.", "No."),
    "whatif_col_ward": ("Post", "Ward"),
    "whatif_col_profession": ("Yrke", "Profession"),
    "whatif_col_uncovered": ("Vakter uten kollegastøtte (før → etter)", "Shifts without a supporter (before → after)"),
    "whatif_col_ratio": ("Travleste × andel (før → etter)", "Busiest × share (before → after)"),
    "whatif_col_duties": ("Støttevakter (før → etter)", "Duties (before → after)"),
}
