"""Pages of identification and assessments: one module per area, each with its URL patterns."""
