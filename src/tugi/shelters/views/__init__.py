"""Pages of safe accommodation: the places (``places``) and the stays in a case (``placements``)."""
