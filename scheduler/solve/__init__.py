"""The CP-SAT model: variables, hard rules, tier objectives, the lexicographic planner, large-hospital
strategies, fair shares and bounds, and the rota built and explained from a solve."""
