"""The client pages, one module per area; ``clients.urls`` joins their patterns."""
