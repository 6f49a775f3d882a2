"""Plan: the pure walk from an account's adoption today to a year of quarters, people and reasons."""
