"""Following the scheme over time: what each supporter carried, training, the coordinator's flags."""
