"""The pages of psychological help: a case's decisions, their notices, and the yearly cap table."""
