"""Product usage in: the usage contract's files and Segment events read into per-account summaries, and the values
they measure (adoption, active users, seats) turned into the account before planning."""
