"""The only writers of the analytics tables, one module per part."""
