"""Charts, tables, number formatting and exports for the pages."""
