"""Analytics tables, one module per part: each part adds its import line here."""
