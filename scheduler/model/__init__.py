"""The vocabulary beyond `scheduler.domain` and what is derived from it without a solver: demand and
availability, eligibility, incidents, the rota in force per ward, reasons that name nobody."""
