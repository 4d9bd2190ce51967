"""The on-call supporter (docs/domain.md, «The on-call supporter»): after the main rota, who is on
call from home by phone (paid standby) in the slots where some ward has no supporter on site —
need.py (the slots), candidates.py (who may, and why not), model.py (CP-SAT: fewest slots without
anyone, then the fairest), basis.py (what an on-call slot weighs: hours or exposure), reasons.py (why a slot stays without), table.py (on_call.csv and the
burden columns), plan.py (the stage, attached to a plan)."""
